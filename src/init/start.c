/* The entry point of jail-init where it is built without a C library
 * (src/init/nolibc.h): the kernel starts us with argc, then argv, on the
 * stack; nothing else (no TLS, no auxv reading) is needed by init.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

int main (int argc, char **argv);
_Noreturn void jail_init_start (long *stack);

_Noreturn void
jail_init_start (long *stack)
{
  _exit (main ((int) stack[0], (char **) (stack + 1)));
}

#if defined(__x86_64__)
__asm__ (".text\n"
         ".global _start\n"
         "_start:\n"
         "  xor %rbp, %rbp\n"
         "  mov %rsp, %rdi\n"
         "  and $-16, %rsp\n"
         "  call jail_init_start\n"
         "  hlt\n");
#elif defined(__aarch64__)
__asm__ (".text\n"
         ".global _start\n"
         "_start:\n"
         "  mov x29, #0\n"
         "  mov x30, #0\n"
         "  mov x0, sp\n"
         "  bl jail_init_start\n"
         "  brk #0\n");
#endif
