/* Virtual HID devices for the VM's device tests, made through /dev/uhid
 * (root): a FIDO security key, a keyboard, and a key whose one interface is
 * also a keyboard.  The kernel gives each a hidraw node; which of them
 * `jail --device=u2f` hands to the app is what tests/vm/devices-vm.sh
 * checks.
 *
 * Runs until killed: a uhid device lives as long as its /dev/uhid file
 * descriptor.  The key echoes each output report back as an input report,
 * a round trip the tests make from inside the sandbox; the keyboards send
 * an empty report (no key down) every second, which is what a reader of
 * their hidraw node receives, keystrokes included once keys are pressed.
 *
 * Built static: the VM image has the C library but no compiler.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/input.h>
#include <linux/uhid.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The CTAPHID interface of a FIDO key (FIDO CTAP 2.1, 11.2.8.1): Usage
 * Page (FIDO Alliance, 0xF1D0), Usage (U2F Authenticator Device), an
 * application collection with 64-byte input and output reports. */
#define FIDO_COLLECTION(...)                                                      \
  0x06, 0xd0, 0xf1, 0x09, 0x01, 0xa1, 0x01, __VA_ARGS__ 0x09, 0x20, 0x15, 0x00, 0x26, 0xff, \
      0x00, 0x75, 0x08, 0x95, 0x40, 0x81, 0x02, 0x09, 0x21, 0x15, 0x00, 0x26, 0xff, 0x00,  \
      0x75, 0x08, 0x95, 0x40, 0x91, 0x02, 0xc0

/* A boot keyboard (HID 1.11, appendix B.1) without its LEDs: Usage Page
 * (Generic Desktop), Usage (Keyboard), modifiers, a reserved byte, six
 * key codes. */
#define KEYBOARD_COLLECTION(...)                                                  \
  0x05, 0x01, 0x09, 0x06, 0xa1, 0x01, __VA_ARGS__ 0x05, 0x07, 0x19, 0xe0, 0x29, 0xe7, 0x15, \
      0x00, 0x25, 0x01, 0x75, 0x01, 0x95, 0x08, 0x81, 0x02, 0x95, 0x01, 0x75, 0x08, 0x81,  \
      0x01, 0x95, 0x06, 0x75, 0x08, 0x15, 0x00, 0x25, 0x65, 0x05, 0x07, 0x19, 0x00, 0x29,  \
      0x65, 0x81, 0x00, 0xc0

static const unsigned char fido_key[] = { FIDO_COLLECTION () };
static const unsigned char keyboard[] = { KEYBOARD_COLLECTION () };
/* Both in one descriptor, told apart by report ids 1 and 2. */
static const unsigned char key_and_keyboard[] = { KEYBOARD_COLLECTION (0x85, 0x01, ),
                                                  FIDO_COLLECTION (0x85, 0x02, ) };

/* An empty keyboard report: no modifier, no key; with report id 1 first
 * for the combined device. */
static const unsigned char idle_report[] = { 0, 0, 0, 0, 0, 0, 0, 0 };
static const unsigned char idle_report_id1[] = { 1, 0, 0, 0, 0, 0, 0, 0, 0 };

struct device
{
  const char *name;
  const unsigned char *descriptor;
  size_t descriptor_len;
  const unsigned char *idle; /* sent every second, NULL for none */
  size_t idle_len;
  int echo; /* output reports come back as input reports */
  int fd;
};

static struct device devices[] = {
  { "jail-test FIDO key", fido_key, sizeof fido_key, NULL, 0, 1, -1 },
  { "jail-test keyboard", keyboard, sizeof keyboard, idle_report, sizeof idle_report, 0, -1 },
  { "jail-test FIDO key with keyboard", key_and_keyboard, sizeof key_and_keyboard,
    idle_report_id1, sizeof idle_report_id1, 0, -1 },
};
#define N_DEVICES (sizeof devices / sizeof devices[0])

static int
send_event (int fd, const struct uhid_event *ev)
{
  ssize_t n = write (fd, ev, sizeof *ev);
  return n == (ssize_t) sizeof *ev ? 0 : -1;
}

static int
create_device (struct device *d, unsigned index)
{
  d->fd = open ("/dev/uhid", O_RDWR | O_CLOEXEC);
  if (d->fd < 0)
    return -1;
  struct uhid_event ev;
  memset (&ev, 0, sizeof ev);
  ev.type = UHID_CREATE2;
  snprintf ((char *) ev.u.create2.name, sizeof ev.u.create2.name, "%s", d->name);
  snprintf ((char *) ev.u.create2.phys, sizeof ev.u.create2.phys, "jail-vm/uhid%u", index);
  memcpy (ev.u.create2.rd_data, d->descriptor, d->descriptor_len);
  ev.u.create2.rd_size = (unsigned short) d->descriptor_len;
  ev.u.create2.bus = BUS_USB;
  ev.u.create2.vendor = 0x1209; /* pid.codes' test range */
  ev.u.create2.product = (unsigned short) (0x0001 + index);
  return send_event (d->fd, &ev);
}

static int
send_input (int fd, const unsigned char *data, size_t len)
{
  struct uhid_event ev;
  memset (&ev, 0, sizeof ev);
  ev.type = UHID_INPUT2;
  ev.u.input2.size = (unsigned short) len;
  memcpy (ev.u.input2.data, data, len);
  return send_event (fd, &ev);
}

/* One event from the kernel: an output report written to the key's hidraw
 * node goes back as input, without the report number hidraw put first. */
static int
handle_event (struct device *d)
{
  struct uhid_event ev;
  ssize_t n = read (d->fd, &ev, sizeof ev);
  if (n < 0)
    return errno == EINTR || errno == EAGAIN ? 0 : -1;
  if (ev.type == UHID_OUTPUT && d->echo && ev.u.output.size > 1
      && ev.u.output.size <= UHID_DATA_MAX)
    (void) send_input (d->fd, ev.u.output.data + 1, ev.u.output.size - 1u);
  return 0;
}

int
main (void)
{
  for (unsigned i = 0; i < N_DEVICES; i++)
    if (create_device (&devices[i], i) < 0)
      {
        fprintf (stderr, "uhid-devices: creating '%s' through /dev/uhid: %s\n", devices[i].name,
                 strerror (errno));
        return 1;
      }
  printf ("uhid-devices: %u devices created\n", (unsigned) N_DEVICES);
  fflush (stdout);

  struct pollfd fds[N_DEVICES];
  for (unsigned i = 0; i < N_DEVICES; i++)
    fds[i] = (struct pollfd) { .fd = devices[i].fd, .events = POLLIN };
  for (;;)
    {
      int r = poll (fds, N_DEVICES, 1000);
      if (r < 0 && errno != EINTR)
        return 1;
      for (unsigned i = 0; i < N_DEVICES; i++)
        {
          if (r > 0 && (fds[i].revents & POLLIN) && handle_event (&devices[i]) < 0)
            return 1;
          /* Refused (EINVAL) until the kernel has started the device. */
          if (r == 0 && devices[i].idle != NULL)
            (void) send_input (devices[i].fd, devices[i].idle, devices[i].idle_len);
        }
    }
}
