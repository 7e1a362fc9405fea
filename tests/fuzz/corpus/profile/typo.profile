# comment
  [Profile]  
Version = 1
[Filesytem]
