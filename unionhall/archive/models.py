"""The year's archive (档案): one .zip per school year, by category, with a manifest."""
