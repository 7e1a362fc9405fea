/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>

#include "net/checksum.h"

uint64_t
jail_net_csum_add (uint64_t sum, const void *data, size_t len)
{
  const uint8_t *p = data;
  size_t i = 0;
  /* Two 32-bit halves per step: a 64-bit sum cannot overflow before
   * 2^32 steps, far beyond any frame. */
  for (; i + 8 <= len; i += 8)
    {
      uint64_t w;
      memcpy (&w, p + i, 8);
      sum += (w & 0xffffffff) + (w >> 32);
    }
  for (; i + 2 <= len; i += 2)
    {
      uint16_t w;
      memcpy (&w, p + i, 2);
      sum += w;
    }
  if (i < len)
    {
      uint8_t last[2] = { p[i], 0 }; /* an odd byte is the high half of a word */
      uint16_t w;
      memcpy (&w, last, 2);
      sum += w;
    }
  return sum;
}

uint16_t
jail_net_csum_fold (uint64_t sum)
{
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return (uint16_t) ~sum;
}
