/* The code entry page (polls/public_code.html): a slip's QR code opens
   /p/<org>/polls/#<CODE>. The code travels in the URL's fragment, which the browser never sends
   to the server (nor to its access logs). This script copies it into the code field, clears it
   from the address bar and the history, and sends the form (a POST: the code goes in the body).
   Without this script the voter types the code. */
(function () {
  "use strict";
  var hash = window.location.hash.replace(/^#/, "");
  if (!hash) {
    return;
  }
  var code = "";
  try {
    code = decodeURIComponent(hash);
  } catch (e) {
    code = hash;
  }
  code = code.replace(/[^0-9A-Za-z]/g, "").toUpperCase().slice(0, 12);
  if (window.history && window.history.replaceState) {
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
  } else {
    window.location.hash = "";
  }
  var field = document.getElementById("code");
  if (!field || !code) {
    return;
  }
  field.value = code;
  field.form.submit();
})();
