/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <dlfcn.h>

#include "jail/jail.h"
#include "net/slirp-lib.h"

/* Debian's libslirp0 installs the library under its soname only. */
#define SLIRP_SONAME "libslirp.so.0"

static gboolean
load_symbol (void *handle, const char *name, void **ret, GError **error)
{
  *ret = dlsym (handle, name);
  if (*ret == NULL)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP,
                        "user-mode networking: %s has no %s (libslirp 4.7 or later is needed)",
                        SLIRP_SONAME, name), FALSE;
  return TRUE;
}

const JailSlirpLib *
jail_slirp_lib (GError **error)
{
  static JailSlirpLib lib;
  static gboolean loaded;
  if (loaded)
    return &lib;
  void *handle = dlopen (SLIRP_SONAME, RTLD_NOW | RTLD_LOCAL);
  if (handle == NULL)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP,
                        "user-mode networking: cannot load %s (%s); install Debian's libslirp0",
                        SLIRP_SONAME, dlerror ()), NULL;
  struct {
    const char *name;
    void **slot;
  } symbols[] = {
    { "slirp_new", (void **) &lib.new_instance },
    { "slirp_cleanup", (void **) &lib.cleanup },
    { "slirp_input", (void **) &lib.input },
    { "slirp_pollfds_fill", (void **) &lib.pollfds_fill },
    { "slirp_pollfds_poll", (void **) &lib.pollfds_poll },
    { "slirp_add_hostfwd", (void **) &lib.add_hostfwd },
    { "slirp_add_hostxfwd", (void **) &lib.add_hostxfwd },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (symbols); i++)
    if (!load_symbol (handle, symbols[i].name, symbols[i].slot, error))
      {
        dlclose (handle);
        return NULL;
      }
  loaded = TRUE;
  return &lib;
}
