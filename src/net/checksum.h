/* The Internet checksum (RFC 1071), summed eight bytes at a time.
 *
 * The sum is kept in host byte order: the one's-complement sum does not
 * depend on byte order (RFC 1071 section 2B), so the folded result is
 * stored as is, with memcpy, and is right on the wire.  Add the parts of
 * what is summed in order; every part but the last must have an even
 * length.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

uint64_t jail_net_csum_add (uint64_t sum, const void *data, size_t len);
/* The complement of the folded sum: the value for a checksum field. */
uint16_t jail_net_csum_fold (uint64_t sum);
