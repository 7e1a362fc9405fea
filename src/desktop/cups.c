/* The CUPS channel (--socket=cups): the local socket the user's CUPS
 * clients print through, bound at the path libcups uses by default.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include "desktop/desktop.h"

#define CUPS_SOCKET_INSIDE "/run/cups/cups.sock"

/* ServerName from a client.conf, when it names a socket. */
static char *
client_conf_socket (const char *file)
{
  g_autofree char *text = NULL;
  if (!g_file_get_contents (file, &text, NULL, NULL))
    return NULL;
  char *found = NULL;
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  for (char **l = lines; *l != NULL; l++)
    {
      g_strstrip (*l);
      if (g_ascii_strncasecmp (*l, "ServerName", 10) != 0 || !g_ascii_isspace ((*l)[10]))
        continue;
      const char *v = *l + 10;
      while (g_ascii_isspace (*v))
        v++;
      g_free (found);
      found = g_strdup (v);
    }
  if (found != NULL && found[0] != '/')
    g_clear_pointer (&found, g_free);
  return found;
}

/* The socket libcups would use on the host, in its own order: $CUPS_SERVER,
 * ~/.cups/client.conf, /etc/cups/client.conf, then the default.  NULL when
 * the server is not a local socket (a host name: reached, if at all,
 * through the network the sandbox is given). */
static char *
host_socket (void)
{
  const char *env = g_getenv ("CUPS_SERVER");
  if (env != NULL && env[0] != '\0')
    return env[0] == '/' ? g_strdup (env) : NULL;
  g_autofree char *user_conf = g_build_filename (g_get_home_dir (), ".cups", "client.conf", NULL);
  char *s = client_conf_socket (user_conf);
  if (s == NULL)
    s = client_conf_socket ("/etc/cups/client.conf");
  return s != NULL ? s : g_strdup (CUPS_SOCKET_INSIDE);
}

gboolean
jail_desktop_resolve_cups (JailSpec *spec, gboolean granted, GError **error)
{
  g_autofree char *host = granted ? host_socket () : NULL;
  struct stat st;
  if (host == NULL || stat (host, &st) != 0 || !S_ISSOCK (st.st_mode))
    {
      /* Not granted, or no local server: nothing names a socket inside. */
      if (!granted || host != NULL)
        jail_spec_unsetenv (spec, "CUPS_SERVER");
      return TRUE;
    }
  if (!jail_spec_add_fs (spec, JAIL_FS_BIND, host, CUPS_SOCKET_INSIDE, 0, error))
    return FALSE;
  jail_spec_setenv (spec, "CUPS_SERVER", CUPS_SOCKET_INSIDE);
  return TRUE;
}
