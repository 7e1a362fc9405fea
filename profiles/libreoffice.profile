[Profile]
Version=1
Description=LibreOffice: documents read-write, printing, offline
Include=editor-common
DesktopIds=libreoffice-startcenter;libreoffice-writer;libreoffice-calc;libreoffice-impress;libreoffice-draw;libreoffice-math;libreoffice-base;libreoffice-xsltfilter
# Its user profile (settings, Basic macros, extensions, the macro security
# level) stays in its own home: the real ~/.config/libreoffice is what an
# unsandboxed LibreOffice loads and runs.
