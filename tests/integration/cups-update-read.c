/* Preloaded into evince by the print-dialog test (profiles-apps.sh) where
 * the host's libcups leaves GTK's print dialog frozen.
 *
 * Debian 12's libcups 2.4.2-3+deb12u10 carries the fix for CVE-2025-58436
 * (CUPS 2.4.15, "better handle slow clients"): on a non-blocking
 * connection, httpUpdate() now reads a status line only when part of one is
 * already buffered, and returns HTTP_STATUS_CONTINUE without reading when
 * nothing is.  GTK 3's CUPS print backend talks to the server over such a
 * connection and calls httpUpdate() once httpCheck() sees the answer
 * waiting (gtkcupsutils.c: _post_check, looped by
 * gtk_cups_request_read_write while httpCheck() says data is there): it
 * spins for ever on the first request, CUPS-Get-Printers, with the dialog
 * just drawn and no printer in it.  Upstream: OpenPrinting/cups issue 1429
 * ("CUPS 2.4.15 freezes apps requesting the GTK print dialog"), fixed by
 * pull request 1439, which reads when the socket has data.
 *
 * This httpUpdate() does the same from outside: with nothing buffered and
 * the answer waiting on the socket, it makes that one call blocking, so
 * libcups reads the header the server has sent, then puts the connection
 * back as the caller had it.  Every other call goes straight to libcups.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

/* libcups' types, opaque here: the library is found at run time, so the
 * test needs no libcups development files. */
typedef struct _http_s http_t;
typedef int http_status_t;
#define HTTP_STATUS_ERROR (-1)

http_status_t httpUpdate (http_t *http);

static struct
{
  http_status_t (*update) (http_t *http);
  int (*get_blocking) (http_t *http);
  void (*set_blocking) (http_t *http, int blocking);
  size_t (*get_ready) (http_t *http);
  int (*check) (http_t *http);
} cups;

static pthread_once_t cups_once = PTHREAD_ONCE_INIT;

/* GTK loads its print backend, and libcups with it, as a local module:
 * libcups is looked up by its soname, not in the global scope, which holds
 * this library's own httpUpdate(). */
static void
cups_resolve (void)
{
  void *lib = dlopen ("libcups.so.2", RTLD_LAZY | RTLD_NOLOAD);
  if (lib == NULL)
    return;
  cups.get_blocking = (int (*) (http_t *)) dlsym (lib, "httpGetBlocking");
  cups.set_blocking = (void (*) (http_t *, int)) dlsym (lib, "httpBlocking");
  cups.get_ready = (size_t (*) (http_t *)) dlsym (lib, "httpGetReady");
  cups.check = (int (*) (http_t *)) dlsym (lib, "httpCheck");
  if (cups.get_blocking != NULL && cups.set_blocking != NULL && cups.get_ready != NULL
      && cups.check != NULL)
    cups.update = (http_status_t (*) (http_t *)) dlsym (lib, "httpUpdate");
}

http_status_t
httpUpdate (http_t *http)
{
  pthread_once (&cups_once, cups_resolve);
  if (cups.update == NULL)
    return HTTP_STATUS_ERROR;
  if (http == NULL || cups.get_blocking (http) || cups.get_ready (http) > 0 || !cups.check (http))
    return cups.update (http);
  cups.set_blocking (http, 1);
  http_status_t status = cups.update (http);
  cups.set_blocking (http, 0);
  return status;
}
