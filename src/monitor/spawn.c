/* The sandbox's child, started in the monitor's memory.
 *
 * A fork copied the monitor's page tables and write-protected its data:
 * the child faulted in again each page it touched, the monitor each page
 * it wrote after the fork, and the exec of jail-init unmapped the copy.
 * That was a sixth of a start (tests/bench/README.md, seventh round).  The
 * child is cloned with CLONE_VM | CLONE_VFORK instead: it runs in the
 * monitor's memory until its exec or exit, as posix_spawn's child does.
 *
 * CLONE_VFORK suspends the calling thread only.  The monitor must go on
 * while the sandbox is built (it makes the network namespace, publishes
 * the record, asks for the scope, answers the child's questions), so the
 * clone is made by a thread of its own.  The child runs on that thread's
 * stack, below its frames, and with its thread-local storage (errno):
 * both are the child's alone while the thread is suspended, and the
 * sanitizers know the stack as the thread's.
 *
 * The thread stays until the child has ended: the kernel sends the
 * parent-death signal the sandbox asks for (PR_SET_PDEATHSIG) when the
 * thread that cloned it ends, not the process.
 *
 * What the child may do in our memory (src/sandbox/ keeps to it):
 *  - write nothing the monitor reads: its environment is an array of its
 *    own (made here), and it never sets `environ`;
 *  - allocate nothing in the paths it takes while the monitor may kill it
 *    (a child killed in malloc would leave its arena locked);
 *  - the app it starts by vfork (src/sandbox/exec.c) shares this memory
 *    too, and makes it non-dumpable before its exec, so that the command
 *    may not trace PID 1, which runs in it; the monitor's own dumpability
 *    comes back here when nothing of the sandbox runs in it any more.
 * A PID 1 that must stay dumpable is forked as before (fork_child).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "monitor/spawn.h"
#include "monitor/caller.h"

/* The thread's stack, which the child shares: the monitor's main stack
 * size, reserved and not committed (only the pages used are). */
#define STACK_SIZE (8u << 20)
/* Left to the thread above the child's stack: its frame and clone's. */
#define THREAD_ROOM (16u << 10)

struct JailSpawn {
  bool forked;   /* a copy of our memory (fork_child), no thread */
  int flags;
  int pidns_fd;  /* the pid namespace to start the child in, or -1 */
  int join_err;  /* its setns's errno */
  SandboxCtx ctx;
  int closed[JAIL_SPAWN_MAX_CLOSED];
  guint n_closed;
  int pid;       /* CLONE_PARENT_SETTID; 0 until the child runs, -errno on failure */
  int end[2];    /* the thread's end: the monitor closes end[1] */
  char *stack;   /* STACK_SIZE, a guard page at its bottom */
  pthread_t thread;
};

static void
wake_monitor (int *word)
{
  syscall (SYS_futex, word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

/* The child: the kernel wrote its pid before it ran (CLONE_PARENT_SETTID). */
static int
run_child (void *data)
{
  JailSpawn *s = data;
  wake_monitor (&s->pid);
  for (guint i = 0; i < s->n_closed; i++)
    close (s->closed[i]);
  for (int i = 0; i < 2; i++)
    if (s->end[i] >= 0)
      close (s->end[i]);
  sandbox_main (&s->ctx);
}

/* A PID 1 that stays dumpable (src/sandbox/caller.c: a caller told its
 * pid reads /proc/PID of it) may be traced, up to its exec of jail-init,
 * by any process of ours that sees it (one `jail enter` or a joined pid
 * namespace started).  In our memory that would be a way into the
 * monitor, so it gets a copy of it, by fork, as it always did. */
static pid_t
fork_child (JailSpawn *s)
{
  if (s->pidns_fd >= 0 && setns (s->pidns_fd, CLONE_NEWPID) < 0)
    {
      s->join_err = errno;
      return -errno;
    }
  /* fork's semantics in new namespaces: the child runs on a copy of our
   * stack. */
  pid_t pid = (pid_t) syscall (SYS_clone, (unsigned long) (s->flags | SIGCHLD), NULL, NULL, NULL, 0);
  if (pid == 0)
    run_child (s);
  return pid < 0 ? -errno : pid;
}

static void *
run_thread (void *data)
{
  JailSpawn *s = data;
  char here;
  /* The child's stack grows down from below this frame and clone's. */
  uintptr_t top = ((uintptr_t) &here - THREAD_ROOM) & ~(uintptr_t) 15;
  int dumpable = prctl (PR_GET_DUMPABLE, 0, 0, 0, 0);
  /* This thread's children only are born in it, and this thread starts
   * no other. */
  if (s->pidns_fd >= 0 && setns (s->pidns_fd, CLONE_NEWPID) < 0)
    {
      s->join_err = errno;
      __atomic_store_n (&s->pid, -errno, __ATOMIC_SEQ_CST);
      wake_monitor (&s->pid);
      return NULL;
    }
  pid_t pid = clone (run_child, (void *) top,
                     s->flags | CLONE_VM | CLONE_VFORK | CLONE_PARENT_SETTID | SIGCHLD, s,
                     &s->pid);
  if (pid < 0)
    {
      __atomic_store_n (&s->pid, -errno, __ATOMIC_SEQ_CST);
      wake_monitor (&s->pid);
      return NULL;
    }
  /* The child has exec'd or ended, and the app before it: our memory is
   * ours alone again.  The pages of the stack it used are given back (a
   * tenth of the monitor's own memory, tests/bench/README.md). */
  if (dumpable == 1)
    prctl (PR_SET_DUMPABLE, 1, 0, 0, 0);
  char *bottom = s->stack + getpagesize ();
  madvise (bottom, (size_t) ((char *) top - bottom) & ~(size_t) (getpagesize () - 1), MADV_DONTNEED);
  char c;
  while (read (s->end[0], &c, 1) < 0 && errno == EINTR)
    ;
  return NULL;
}

static void
free_spawn (JailSpawn *s)
{
  if (s->end[0] >= 0)
    close (s->end[0]);
  if (s->end[1] >= 0)
    close (s->end[1]);
  if (s->stack != MAP_FAILED)
    munmap (s->stack, STACK_SIZE);
  g_free (s->ctx.envp);
  g_free (s);
}

/* The command's environment as an array of the child's own: it puts
 * entries in the room at its end (src/sandbox/environ.c), and the
 * monitor records the array it built.  The strings are shared: the
 * child replaces entries, it does not write into them. */
static char **
copy_environ (char *const *envp)
{
  guint n = g_strv_length ((char **) envp);
  char **copy = g_new0 (char *, n + SANDBOX_ENVIRON_ROOM + 1);
  memcpy (copy, envp, n * sizeof *copy);
  return copy;
}

static int
start_thread (JailSpawn *s)
{
  s->stack = mmap (NULL, STACK_SIZE, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
  if (s->stack == MAP_FAILED || mprotect (s->stack, (size_t) getpagesize (), PROT_NONE) < 0)
    return -errno;
  pthread_attr_t attr;
  int r = pthread_attr_init (&attr);
  if (r == 0)
    {
      r = pthread_attr_setstack (&attr, s->stack, STACK_SIZE);
      if (r == 0)
        r = pthread_create (&s->thread, &attr, run_thread, s);
      pthread_attr_destroy (&attr);
    }
  return -r;
}

static void
set_clone_error (int err, GError **error)
{
  const char *hint = "";
  if (err == EPERM || err == ENOSPC || err == EUSERS)
    hint = " (are unprivileged user namespaces enabled? see user.max_user_namespaces)";
  g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "create namespaces (clone): %s%s",
               g_strerror (err), hint);
}

pid_t
jail_spawn_sandbox (int flags, int pidns_fd, const SandboxCtx *ctx, const int *closed,
                    guint n_closed, JailSpawn **ret_spawn, GError **error)
{
  g_return_val_if_fail (n_closed <= JAIL_SPAWN_MAX_CLOSED, -EINVAL);
  JailSpawn *s = g_new0 (JailSpawn, 1);
  s->flags = flags;
  s->pidns_fd = pidns_fd;
  s->ctx = *ctx;
  s->ctx.envp = copy_environ (ctx->envp);
  memcpy (s->closed, closed, n_closed * sizeof *closed);
  s->n_closed = n_closed;
  s->end[0] = s->end[1] = -1;
  s->stack = MAP_FAILED;
  *ret_spawn = NULL;
  int pid;
  s->forked = jail_spec_get_init_dumpable (ctx->spec);
  if (s->forked)
    pid = fork_child (s);
  else if ((pid = pipe2 (s->end, O_CLOEXEC) < 0 ? -errno : start_thread (s)) < 0)
    return set_clone_error (-pid, error), free_spawn (s), pid;
  else
    while ((pid = __atomic_load_n (&s->pid, __ATOMIC_SEQ_CST)) == 0)
      syscall (SYS_futex, &s->pid, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
  if (pid < 0)
    {
      if (!s->forked)
        pthread_join (s->thread, NULL);
      if (s->join_err != 0)
        jail_monitor_join_error (CLONE_NEWPID, s->join_err, error);
      else
        set_clone_error (-pid, error);
      return free_spawn (s), pid;
    }
  *ret_spawn = s;
  return pid;
}

void
jail_spawn_free (JailSpawn *spawn)
{
  if (spawn == NULL)
    return;
  if (!spawn->forked)
    {
      close (spawn->end[1]);
      spawn->end[1] = -1;
      pthread_join (spawn->thread, NULL);
    }
  free_spawn (spawn);
}
