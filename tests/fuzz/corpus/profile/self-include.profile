[Profile]
Version=1
Include=/nonexistent/fuzz.profile
