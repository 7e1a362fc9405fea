#!/usr/bin/python3
# A test D-Bus service: owns org.jailtest.Allowed and org.jailtest.Denied on
# one connection; Ping on /org/jailtest answers 'pong'.  Prints "ready" once
# both names are owned.   Usage: dbus-ping-service.py session|system
# SPDX-License-Identifier: LGPL-2.1-or-later
import sys
from gi.repository import Gio, GLib

xml = Gio.DBusNodeInfo.new_for_xml('<node><interface name="org.jailtest.Test">'
  '<method name="Ping"><arg type="s" direction="out"/></method></interface></node>')
bus = Gio.bus_get_sync(Gio.BusType.SYSTEM if sys.argv[1] == "system" else Gio.BusType.SESSION)

def call(conn, sender, path, iface, method, params, inv):
    inv.return_value(GLib.Variant('(s)', ('pong',)))

bus.register_object('/org/jailtest', xml.interfaces[0], call)
for name in ('org.jailtest.Allowed', 'org.jailtest.Denied'):
    bus.call_sync('org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus',
                  'RequestName', GLib.Variant('(su)', (name, 4)), None, 0, -1, None)
print('ready', flush=True)
GLib.MainLoop().run()
