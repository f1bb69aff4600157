// SPDX-License-Identifier: GPL-2.0
/*
 * hz: the guest and host halves of the hazard scenarios (hazards/).
 *
 * Built static, so that the same binary runs in the busybox guest (from the
 * share) and on the host. Guest commands report on stdout, which is the
 * guest's serial console, one "HZ_<WORD> ..." line per event, written with
 * write(2) as each event happens: a line in the console log is a promise the
 * host checks after the guest (or QEMU) is gone. Host commands create the
 * files and check what the host holds afterwards.
 *
 * Data: file page (or record) i holds rec_byte(i, j) at byte j, so that any
 * page or record can be checked on its own.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096
/* Pages of a 2 MiB DAX range, the default range size */
#define RANGE_PAGES 512

static void say(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
	va_end(ap);
	buf[n++] = '\n';
	if (write(STDOUT_FILENO, buf, n) < 0)
		exit(99);
}

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("hz: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static unsigned char rec_byte(long i, long j)
{
	/* never 0, so a zero page is never mistaken for data */
	return 1 + (i * 31 + j * 7) % 251;
}

static void fill_rec(unsigned char *p, long i, long size)
{
	long j;

	for (j = 0; j < size; j++)
		p[j] = rec_byte(i, j);
}

static int is_rec(const unsigned char *p, long i, long size)
{
	long j;

	for (j = 0; j < size; j++)
		if (p[j] != rec_byte(i, j))
			return 0;
	return 1;
}

static int is_zero(const unsigned char *p, long size)
{
	long j;

	for (j = 0; j < size; j++)
		if (p[j])
			return 0;
	return 1;
}

static long num(const char *s)
{
	char *end;
	long v = strtol(s, &end, 0);

	if (*s == '\0' || *end != '\0' || v < 0)
		die("not a number: %s", s);
	return v;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* Wait up to 60 s for the host to create @marker; say so if it does not. */
static int wait_marker(const char *marker)
{
	double start = now();

	while (!exists(marker)) {
		if (now() - start > 60) {
			say("HZ_NO_MARKER");
			return 0;
		}
		usleep(10000);
	}
	return 1;
}

static int open_or_die(const char *path, int flags)
{
	int fd = open(path, flags, 0644);

	if (fd < 0)
		die("open %s: %s", path, strerror(errno));
	return fd;
}

/* ---- guest side --------------------------------------------------------- */

static sigjmp_buf on_sigbus;
/* What the last SIGBUS said: its si_code (BUS_MCEERR_AR for a machine check) */
static volatile sig_atomic_t sigbus_code;
static void *volatile sigbus_addr;

static void sigbus(int sig, siginfo_t *si, void *ctx)
{
	(void)sig;
	(void)ctx;
	sigbus_code = si->si_code;
	sigbus_addr = si->si_addr;
	siglongjmp(on_sigbus, 1);
}

static void catch_sigbus(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = sigbus;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGBUS, &sa, NULL);
}

/*
 * Open @path, a whole number of pages, with @flags; map it shared with @prot
 * into *@map unless @prot is 0. Returns its pages.
 */
static long open_pages(const char *path, int flags, int prot, int *fd,
		       unsigned char **map)
{
	struct stat st;

	*fd = open_or_die(path, flags);
	if (fstat(*fd, &st) < 0 || st.st_size % PAGE)
		die("%s: size not a whole number of pages", path);
	if (prot) {
		*map = mmap(NULL, st.st_size, prot, MAP_SHARED, *fd, 0);
		if (*map == MAP_FAILED)
			die("mmap %s: %s", path, strerror(errno));
	}
	return st.st_size / PAGE;
}

/*
 * The last SIGBUS, with the page of @map it hit (si_addr is only set for a
 * machine check's BUS_MCEERR_AR).
 */
static void say_sigbus(const unsigned char *map)
{
	say("HZ_SIGBUS code=%d page=%ld", (int)sigbus_code,
	    map && sigbus_code == BUS_MCEERR_AR ?
	    ((unsigned char *)sigbus_addr - map) / PAGE : -1L);
}

/*
 * Count the file's pages @first to @end - 1 by what they hold now: their
 * original data, zeros, or anything else. Through the mapping @map, or with
 * pread if it is NULL.
 */
static void census(int fd, const unsigned char *map, long first, long end,
		   long counts[3])
{
	static unsigned char buf[PAGE];
	long i;

	counts[0] = counts[1] = counts[2] = 0;
	for (i = first; i < end; i++) {
		const unsigned char *p = map ? map + i * PAGE : buf;

		if (!map) {
			ssize_t n = pread(fd, buf, PAGE, i * PAGE);

			if (n < 0) {
				say("HZ_EIO page=%ld errno=%d", i, errno);
				exit(11);
			}
			/* a short read past a new EOF reads as zeros */
			memset(buf + n, 0, PAGE - n);
		}
		if (is_rec(p, i, PAGE))
			counts[0]++;
		else if (is_zero(p, PAGE))
			counts[1]++;
		else
			counts[2]++;
	}
}

/*
 * read FILE mmap|pread MARKER: read the whole file in a loop until the host
 * creates MARKER (after it changed the file), then report what one more pass
 * reads. A SIGBUS or an I/O error is reported as such.
 */
static int cmd_read(const char *path, const char *how, const char *marker)
{
	int use_map = !strcmp(how, "mmap");
	long counts[3], pages;
	/* static: kept across the siglongjmp */
	static unsigned char *map;
	double start;
	int fd;

	pages = open_pages(path, O_RDONLY, use_map ? PROT_READ : 0, &fd, &map);
	catch_sigbus();
	if (sigsetjmp(on_sigbus, 1)) {
		say_sigbus(map);
		return 10;
	}
	census(fd, map, 0, pages, counts);
	say("HZ_READY pages=%ld data=%ld", pages, counts[0]);
	start = now();
	while (!exists(marker)) {
		census(fd, map, 0, pages, counts);
		if (now() - start > 60) {
			say("HZ_NO_MARKER");
			return 12;
		}
	}
	census(fd, map, 0, pages, counts);
	say("HZ_DONE data=%ld zero=%ld other=%ld", counts[0], counts[1], counts[2]);
	return 0;
}

/*
 * Record @i to page @i of @fd with pwrite, from the task's buffer; or, with
 * @use_splice, spliced from a pipe, which the kernel copies from its own
 * page of the pipe: a store of the kernel from kernel memory. Returns what
 * the call did.
 */
static ssize_t store_page(int fd, long i, int use_splice)
{
	static unsigned char buf[PAGE];
	static int pipefd[2] = { -1, -1 };
	loff_t at = i * PAGE;
	ssize_t done = 0, n;

	fill_rec(buf, i, PAGE);
	if (use_splice) {
		if (pipefd[0] < 0 && pipe(pipefd))
			die("pipe: %s", strerror(errno));
		if (write(pipefd[1], buf, PAGE) != PAGE)
			die("write to a pipe: %s", strerror(errno));
	}
	/* A short write is no error: carry on from there, as callers do */
	while (done < PAGE) {
		n = use_splice ? splice(pipefd[0], NULL, fd, &at, PAGE - done, 0) :
				 pwrite(fd, buf + done, PAGE - done, at + done);
		if (n <= 0)
			return n;
		done += n;
	}
	return done;
}

/*
 * One pass of stores over every page of the file, through the mapping @map,
 * or with store_page() if it is NULL; page i gets record i. False on an
 * error.
 */
static int store_pass(int fd, unsigned char *map, long pages, int use_splice)
{
	ssize_t n;
	long i;

	for (i = 0; i < pages; i++) {
		if (map) {
			fill_rec(map + i * PAGE, i, PAGE);
			continue;
		}
		errno = 0;
		n = store_page(fd, i, use_splice);
		if (n != PAGE) {
			say("HZ_EIO page=%ld ret=%zd errno=%d", i, n, errno);
			return 0;
		}
	}
	return 1;
}

/*
 * write FILE mmap|pwrite|splice MARKER: store records over the whole file in
 * a loop until the host creates MARKER (after it changed the file), then one more
 * pass and fsync, and say how that went. A SIGBUS or an I/O error is
 * reported as such.
 */
static int cmd_write(const char *path, const char *how, const char *marker)
{
	int use_map = !strcmp(how, "mmap");
	int use_splice = !strcmp(how, "splice");
	/* static: kept across the siglongjmp */
	static unsigned char *map;
	double start;
	long pages;
	int fd;

	pages = open_pages(path, O_RDWR, use_map ? PROT_READ | PROT_WRITE : 0, &fd, &map);
	catch_sigbus();
	if (sigsetjmp(on_sigbus, 1)) {
		say_sigbus(map);
		return 10;
	}
	if (!store_pass(fd, map, pages, use_splice))
		return 11;
	say("HZ_READY pages=%ld", pages);
	start = now();
	while (!exists(marker)) {
		if (!store_pass(fd, map, pages, use_splice))
			return 11;
		if (now() - start > 60) {
			say("HZ_NO_MARKER");
			return 12;
		}
	}
	if (!store_pass(fd, map, pages, use_splice))
		return 11;
	if (fsync(fd)) {
		say("HZ_EIO fsync errno=%d", errno);
		return 11;
	}
	say("HZ_DONE wrote=%ld fsync=0", pages);
	return 0;
}

/* What one soak worker saw */
struct soak_counts {
	long ops, sigbus_ar, sigbus_kernel, sigbus_other, eio, other;
	/* the first unexpected error's errno, to tell what it was */
	int other_errno;
};

static void soak_other(struct soak_counts *c)
{
	if (!c->other++)
		c->other_errno = errno;
}

/*
 * One soak operation on a random page of @path: a load or a store through
 * mmap, a pread or a pwrite (op 0 to 3). A SIGBUS ends it through the
 * siglongjmp below; an I/O error is counted here.
 */
static void soak_op(const char *path, int op, struct soak_counts *c)
{
	static unsigned char buf[PAGE];
	/* static: kept across the siglongjmp */
	static unsigned char *map;
	static long map_len;
	volatile unsigned char sink;
	struct stat st;
	long page;
	int fd;

	map = NULL;
	/* ops 1 and 3 store */
	fd = open(path, op & 1 ? O_RDWR : O_RDONLY);
	if (fd < 0)
		return;
	if (fstat(fd, &st) < 0 || st.st_size < PAGE) {
		close(fd);
		return;
	}
	page = random() % (st.st_size / PAGE);
	c->ops++;
	if (sigsetjmp(on_sigbus, 1)) {
		/*
		 * BUS_MCEERR_AR: the machine check, recovered; SI_KERNEL: the
		 * machine check, not recovered (a dirty page); anything else,
		 * the guest's own SIGBUS (an access past the size it knows).
		 */
		if (sigbus_code == BUS_MCEERR_AR)
			c->sigbus_ar++;
		else if (sigbus_code == SI_KERNEL)
			c->sigbus_kernel++;
		else
			c->sigbus_other++;
		if (map)
			munmap(map, map_len);
		close(fd);
		return;
	}
	if (op == 0 || op == 1) {
		map_len = st.st_size;
		map = mmap(NULL, map_len, op ? PROT_READ | PROT_WRITE : PROT_READ,
			   MAP_SHARED, fd, 0);
		if (map == MAP_FAILED) {
			map = NULL;
			soak_other(c);
		} else if (op == 0) {
			sink = map[page * PAGE];
			(void)sink;
		} else {
			fill_rec(map + page * PAGE, page, PAGE);
		}
	} else {
		ssize_t n;

		fill_rec(buf, page, PAGE);
		n = op == 2 ? pread(fd, buf, PAGE, page * PAGE) :
			      pwrite(fd, buf, PAGE, page * PAGE);
		if (n < 0 && errno == EIO)
			c->eio++;
		else if (n < 0)
			soak_other(c);
	}
	if (map)
		munmap(map, map_len);
	close(fd);
}

/*
 * soak DIR NFILES SECONDS [OPMASK]: WORKERS processes do random soak
 * operations (those of OPMASK's bits, default all four) on DIR/f0 ..
 * DIR/f<NFILES-1> while the host truncates and restores them; each says
 * what it saw.
 */
#define SOAK_WORKERS 3

static int cmd_soak(const char *dir, long nfiles, long seconds, long ops)
{
	char path[512];
	int w, status;

	catch_sigbus();
	say("HZ_READY workers=%d", SOAK_WORKERS);
	for (w = 0; w < SOAK_WORKERS; w++) {
		if (fork() == 0) {
			struct soak_counts c = { 0 };
			double end = now() + seconds;

			srandom(getpid());
			while (now() < end) {
				int op = random() % 4;

				if (!(ops & (1 << op)))
					continue;
				snprintf(path, sizeof(path), "%s/f%ld", dir, random() % nfiles);
				soak_op(path, op, &c);
			}
			say("HZ_SOAK_WORKER %d ops=%ld sigbus_ar=%ld sigbus_kernel=%ld "
			    "sigbus_other=%ld eio=%ld other=%ld other_errno=%d", w, c.ops,
			    c.sigbus_ar, c.sigbus_kernel, c.sigbus_other, c.eio, c.other,
			    c.other_errno);
			_exit(0);
		}
	}
	while (wait(&status) > 0)
		;
	say("HZ_SOAK_END");
	return 0;
}

/*
 * extend FILE MARKER: the review's partial-extend race, in its worst order.
 * Read the file's last page (so that its range is mapped), wait until the
 * host has truncated the file and created MARKER, then write records to
 * pages size-2 .. size+1 in one pwrite: two pages over what the guest still
 * takes for data, two past the EOF it knows. Say what that returned and,
 * after fsync, the size the guest sees.
 */
static int cmd_extend(const char *path, const char *marker)
{
	static unsigned char buf[4 * PAGE];
	struct stat st;
	long pages, i;
	ssize_t n;
	int fd;

	pages = open_pages(path, O_RDWR, 0, &fd, NULL);
	if (pages < 2 || pread(fd, buf, PAGE, (pages - 1) * PAGE) != PAGE)
		die("%s: cannot read its last page", path);
	say("HZ_READY pages=%ld", pages);
	if (!wait_marker(marker))
		return 12;
	for (i = 0; i < 4; i++)
		fill_rec(buf + i * PAGE, pages - 2 + i, PAGE);
	errno = 0;
	n = pwrite(fd, buf, sizeof(buf), (pages - 2) * PAGE);
	if (n != sizeof(buf)) {
		say("HZ_EIO page=%ld ret=%zd errno=%d", pages - 2, n, errno);
		return 11;
	}
	if (fsync(fd) || fstat(fd, &st)) {
		say("HZ_EIO fsync errno=%d", errno);
		return 11;
	}
	say("HZ_DONE wrote=%zd pages=%lld", n, (long long)st.st_size / PAGE);
	return 0;
}

/*
 * reclaim A B MARKER: store records to every page of A through a shared
 * mapping, wait until the host has truncated A and created MARKER, then read
 * B through a mapping of its own (in a one-range window B's fault waits
 * until A's dirty range is reclaimed), say what B held, and load A's first
 * page again: its range is set up anew, over the file the host emptied.
 */
static int cmd_reclaim(const char *a, const char *b, const char *marker)
{
	/* static: kept across the siglongjmp */
	static unsigned char *map_a;
	unsigned char *map_b;
	long pages_a, pages_b, counts[3], i;
	volatile unsigned char sink;
	int fd_a, fd_b;

	pages_a = open_pages(a, O_RDWR, PROT_READ | PROT_WRITE, &fd_a, &map_a);
	pages_b = open_pages(b, O_RDONLY, PROT_READ, &fd_b, &map_b);
	catch_sigbus();
	if (sigsetjmp(on_sigbus, 1)) {
		say_sigbus(map_a);
		return 10;
	}
	for (i = 0; i < pages_a; i++)
		fill_rec(map_a + i * PAGE, i, PAGE);
	say("HZ_READY pages=%ld", pages_a);
	if (!wait_marker(marker))
		return 12;
	census(fd_b, map_b, 0, pages_b, counts);
	say("HZ_B data=%ld zero=%ld other=%ld", counts[0], counts[1], counts[2]);
	munmap(map_b, pages_b * PAGE);
	sink = map_a[0];
	(void)sink;
	say("HZ_DONE a0=%s", is_rec(map_a, 0, PAGE) ? "data" :
	    is_zero(map_a, PAGE) ? "zero" : "other");
	return 0;
}

/*
 * eofrace FILE SECONDS: while the host shrinks FILE and restores it, one
 * process overwrites its last four pages with pwrite, again and again,
 * while another stats it, which makes the guest take each size the host
 * has. A write checked against the old size can then meet the new one in
 * the driver; it must still complete (kernel patch 0002), not fail with
 * EIO. Says how many writes ended which way.
 */
static int cmd_eofrace(const char *path, long seconds)
{
	static unsigned char buf[4 * PAGE];
	long writes = 0, eio = 0, other = 0, pages;
	struct stat st;
	double end;
	pid_t statter;
	int fd;

	pages = open_pages(path, O_RDWR, 0, &fd, NULL);
	if (pages < 4)
		die("%s: fewer than 4 pages", path);
	fill_rec(buf, 0, sizeof(buf));
	say("HZ_READY pages=%ld", pages);
	end = now() + seconds;
	statter = fork();
	if (statter == 0) {
		while (now() < end)
			fstat(fd, &st);
		_exit(0);
	}
	while (now() < end) {
		ssize_t n = pwrite(fd, buf, sizeof(buf), (pages - 4) * PAGE);

		writes++;
		if (n < 0 && errno == EIO)
			eio++;
		else if (n != sizeof(buf))
			other++;
	}
	waitpid(statter, NULL, 0);
	say("HZ_EOFRACE writes=%ld eio=%ld other=%ld", writes, eio, other);
	return 0;
}

/*
 * One round of reclaimrace (see there); 1 if file B's data showed through
 * file A's mapping at 4M, 0 if A read its own data, -1 on another error.
 */
static int reclaim_race_round(const char *a, const char *b, long b_first)
{
	static unsigned char buf[PAGE];
	unsigned char *map_a;
	long pages_a, counts[3];
	volatile unsigned char sink;
	struct iovec iov;
	int fd_a, fd_b, pfd[2], alias;
	pid_t child;

	pages_a = open_pages(a, O_RDONLY, PROT_READ, &fd_a, &map_a);
	if (pages_a < 3 * RANGE_PAGES || pipe(pfd))
		die("%s: want 3 ranges and a pipe", a);
	/* Range 0 is set up and pinned (vmsplice holds the page), then range 1 */
	sink = map_a[0];
	iov.iov_base = map_a;
	iov.iov_len = PAGE;
	if (vmsplice(pfd[1], &iov, 1, 0) != PAGE)
		die("vmsplice: %s", strerror(errno));
	sink = map_a[RANGE_PAGES * PAGE];
	(void)sink;
	child = fork();
	if (child == 0) {
		/* No free range: reclaims one of A's own, range 0, and waits */
		_exit(pread(fd_a, buf, PAGE, 2 * RANGE_PAGES * PAGE) == PAGE ? 0 : 1);
	}
	usleep(500000);
	if (read(pfd[0], buf, PAGE) != PAGE)
		die("read from the pipe: %s", strerror(errno));
	waitpid(child, NULL, 0);
	/* B takes a range from the free pool */
	fd_b = open_or_die(b, O_RDONLY);
	census(fd_b, NULL, 0, RANGE_PAGES, counts);
	if (pread(fd_a, buf, PAGE, 2 * RANGE_PAGES * PAGE) != PAGE)
		alias = -1;
	else if (is_rec(buf, 2 * RANGE_PAGES, PAGE))
		alias = 0;
	else
		alias = is_rec(buf, b_first, PAGE) ? 1 : -1;
	close(fd_b);
	close(pfd[0]);
	close(pfd[1]);
	munmap(map_a, pages_a * PAGE);
	close(fd_a);
	return alias;
}

/*
 * reclaimrace A B B_FIRST ROUNDS: kernel patch 0001's case, in a window of
 * two ranges. A's range 0 is pinned while both ranges are A's, so that the
 * background worker, which wants range 0 first, waits for the pin; a read
 * of A at 4M then has to reclaim one of A's ranges inline, takes range 0
 * too and waits as well. The pin goes; when the worker reclaims the range
 * first, the stock driver still hands it to the inline reclaimer while it
 * is back in the free pool, and file B, read next, gets it as well: A's
 * read at 4M then shows B's data (B's page 0 holds record B_FIRST). Says
 * so at the first round that shows it, else how many rounds were clean.
 */
static int cmd_reclaimrace(const char *a, const char *b, long b_first, long rounds)
{
	long r;

	say("HZ_READY rounds=%ld", rounds);
	for (r = 0; r < rounds; r++) {
		int alias = reclaim_race_round(a, b, b_first);

		if (alias) {
			say("HZ_%s round=%ld", alias > 0 ? "ALIAS" : "BADREAD", r);
			return 13;
		}
	}
	say("HZ_DONE rounds=%ld aliases=0", rounds);
	return 0;
}

/*
 * coherent FILE MARKER: map the file, then once the host has rewritten its
 * first page and created MARKER, say how long the new bytes took to show
 * through the mapping (or that they did not within 2 s).
 */
static int cmd_coherent(const char *path, const char *marker)
{
	static unsigned char want[PAGE];
	unsigned char *map;
	double start, seen;
	int fd;

	fd = open_or_die(path, O_RDONLY);
	map = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED)
		die("mmap %s: %s", path, strerror(errno));
	fill_rec(want, 1, PAGE);
	say("HZ_READY old=%d", is_rec(map, 0, PAGE));
	start = now();
	while (!exists(marker)) {
		if (now() - start > 60) {
			say("HZ_NO_MARKER");
			return 12;
		}
		usleep(1000);
	}
	start = now();
	do {
		if (!memcmp(map, want, PAGE)) {
			seen = now() - start;
			say("HZ_COHERENT ms=%ld", (long)(seen * 1000));
			return 0;
		}
		usleep(1000);
	} while (now() - start < 2);
	say("HZ_STALE old=%d", is_rec(map, 0, PAGE));
	return 0;
}

/* append FILE RECSIZE: append records 0, 1, ... until killed. */
static int cmd_append(const char *path, long size)
{
	unsigned char *rec = malloc(size);
	long i;
	int fd;

	if (!rec)
		die("out of memory");
	fd = open_or_die(path, O_WRONLY | O_CREAT | O_APPEND);
	for (i = 0;; i++) {
		fill_rec(rec, i, size);
		if (write(fd, rec, size) != size) {
			say("HZ_EIO append=%ld errno=%d", i, errno);
			return 11;
		}
		say("HZ_DONE_REC %ld", i);
	}
}

/*
 * overwrite FILE RECSIZE write|mmap: write record i over slot i of a file
 * the host made, with pwrite or through a shared mapping and msync, and
 * report each once it returned; then wait to be killed.
 */
static int cmd_overwrite(const char *path, long size, const char *how)
{
	int use_map = !strcmp(how, "mmap");
	unsigned char *rec = malloc(size), *map = NULL;
	struct stat st;
	long i, n;
	int fd;

	if (!rec)
		die("out of memory");
	fd = open_or_die(path, O_RDWR);
	if (fstat(fd, &st) < 0)
		die("stat %s: %s", path, strerror(errno));
	n = st.st_size / size;
	if (use_map) {
		map = mmap(NULL, st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (map == MAP_FAILED)
			die("mmap %s: %s", path, strerror(errno));
	}
	for (i = 0; i < n; i++) {
		fill_rec(rec, i, size);
		if (use_map) {
			long start = i * size & ~(long)(PAGE - 1);

			memcpy(map + i * size, rec, size);
			if (msync(map + start, i * size + size - start, MS_SYNC)) {
				say("HZ_EIO msync=%ld errno=%d", i, errno);
				return 11;
			}
		} else if (pwrite(fd, rec, size, i * size) != size) {
			say("HZ_EIO write=%ld errno=%d", i, errno);
			return 11;
		}
		say("HZ_DONE_REC %ld", i);
	}
	say("HZ_ALL_WRITTEN");
	pause();
	return 0;
}

/*
 * io FILE: read() random pages and stat the file in a loop, reporting
 * progress every 50 operations and the first error.
 */
static int cmd_io(const char *path)
{
	static unsigned char buf[PAGE];
	struct stat st;
	long i, pages;
	int fd;

	fd = open_or_die(path, O_RDONLY);
	if (fstat(fd, &st) < 0 || st.st_size < PAGE)
		die("%s: too small", path);
	pages = st.st_size / PAGE;
	for (i = 1;; i++) {
		if (pread(fd, buf, PAGE, (random() % pages) * PAGE) != PAGE ||
		    stat(path, &st) < 0) {
			say("HZ_EIO op=%ld errno=%d", i, errno);
			return 11;
		}
		if (i % 50 == 0)
			say("HZ_IO %ld", i);
	}
}

/* ---- host side ---------------------------------------------------------- */

/* mkfile FILE SIZE [FIRST]: page i holds record FIRST + i. */
static int cmd_mkfile(const char *path, long size, long first)
{
	static unsigned char page[PAGE];
	long i;
	int fd;

	fd = open_or_die(path, O_WRONLY | O_CREAT | O_TRUNC);
	for (i = 0; i < size / PAGE; i++) {
		fill_rec(page, first + i, PAGE);
		if (write(fd, page, PAGE) != PAGE)
			die("write %s: %s", path, strerror(errno));
	}
	return close(fd) ? 2 : 0;
}

/*
 * census FILE FIRST END: on the host, what pages FIRST to END - 1 hold:
 * "data=N zero=N other=N" (a page past EOF reads as zeros).
 */
static int cmd_census(const char *path, long first, long end)
{
	long counts[3];
	int fd;

	fd = open_or_die(path, O_RDONLY);
	census(fd, NULL, first, end, counts);
	printf("data=%ld zero=%ld other=%ld\n", counts[0], counts[1], counts[2]);
	return close(fd) ? 2 : 0;
}

/*
 * flip FILE LOW HIGH SECONDS: on the host, truncate FILE to LOW bytes and
 * back to HIGH every millisecond for SECONDS; say how many times.
 */
static int cmd_flip(const char *path, long low, long high, long seconds)
{
	double end = now() + seconds;
	long flips = 0;
	int fd;

	fd = open_or_die(path, O_WRONLY);
	while (now() < end) {
		if (ftruncate(fd, low) || (usleep(1000), ftruncate(fd, high)))
			die("truncate %s: %s", path, strerror(errno));
		usleep(1000);
		flips++;
	}
	printf("%ld\n", flips);
	return close(fd) ? 2 : 0;
}

/* rewrite FILE RECORD: page 0 now holds RECORD, in place (no truncate). */
static int cmd_rewrite(const char *path, long first)
{
	static unsigned char page[PAGE];
	int fd;

	fd = open_or_die(path, O_WRONLY);
	fill_rec(page, first, PAGE);
	if (pwrite(fd, page, PAGE, 0) != PAGE)
		die("write %s: %s", path, strerror(errno));
	return close(fd) ? 2 : 0;
}

/*
 * check-prefix FILE RECSIZE LAST: the file is exactly a prefix of the
 * record stream 0, 1, ... (possibly ending inside a record) and holds at
 * least records 0..LAST. Prints what it found; exit 1 if not so.
 */
static int cmd_check_prefix(const char *path, long size, long last)
{
	unsigned char *rec = malloc(size), *got = malloc(size);
	struct stat st;
	long i, n;
	int fd;

	if (!rec || !got)
		die("out of memory");
	fd = open_or_die(path, O_RDONLY);
	if (fstat(fd, &st) < 0)
		die("stat %s: %s", path, strerror(errno));
	for (i = 0; i * size < st.st_size; i++) {
		n = pread(fd, got, size, i * size);
		fill_rec(rec, i, size);
		if (n <= 0 || memcmp(got, rec, n)) {
			printf("record %ld differs: not a prefix of the appends\n", i);
			return 1;
		}
	}
	if (st.st_size < (last + 1) * size) {
		printf("%lld bytes hold %lld records, but record %ld was acknowledged\n",
		       (long long)st.st_size, (long long)st.st_size / size, last);
		return 1;
	}
	printf("exact prefix: %lld records (%lld bytes), all %ld acknowledged present\n",
	       (long long)st.st_size / size, (long long)st.st_size, last + 1);
	return 0;
}

/* check-slots FILE RECSIZE LAST: slots 0..LAST hold records 0..LAST. */
static int cmd_check_slots(const char *path, long size, long last)
{
	unsigned char *got = malloc(size);
	long i, later = 0;
	int fd;

	if (!got)
		die("out of memory");
	fd = open_or_die(path, O_RDONLY);
	for (i = 0; pread(fd, got, size, i * size) == size; i++) {
		if (is_rec(got, i, size)) {
			later += i > last;
			continue;
		}
		if (i <= last) {
			printf("acknowledged record %ld is not on the host\n", i);
			return 1;
		}
	}
	if (i <= last) {
		printf("file ends before acknowledged record %ld\n", i);
		return 1;
	}
	printf("all %ld acknowledged records on the host (+%ld not yet acknowledged)\n",
	       last + 1, later);
	return 0;
}

int main(int argc, char **argv)
{
	const char *c = argc > 1 ? argv[1] : "";

	if (!strcmp(c, "read") && argc == 5)
		return cmd_read(argv[2], argv[3], argv[4]);
	if (!strcmp(c, "soak") && (argc == 5 || argc == 6))
		return cmd_soak(argv[2], num(argv[3]), num(argv[4]), argc == 6 ? num(argv[5]) : 15);
	if (!strcmp(c, "write") && argc == 5)
		return cmd_write(argv[2], argv[3], argv[4]);
	if (!strcmp(c, "extend") && argc == 4)
		return cmd_extend(argv[2], argv[3]);
	if (!strcmp(c, "reclaim") && argc == 5)
		return cmd_reclaim(argv[2], argv[3], argv[4]);
	if (!strcmp(c, "eofrace") && argc == 4)
		return cmd_eofrace(argv[2], num(argv[3]));
	if (!strcmp(c, "flip") && argc == 6)
		return cmd_flip(argv[2], num(argv[3]), num(argv[4]), num(argv[5]));
	if (!strcmp(c, "reclaimrace") && argc == 6)
		return cmd_reclaimrace(argv[2], argv[3], num(argv[4]), num(argv[5]));
	if (!strcmp(c, "census") && argc == 5)
		return cmd_census(argv[2], num(argv[3]), num(argv[4]));
	if (!strcmp(c, "coherent") && argc == 4)
		return cmd_coherent(argv[2], argv[3]);
	if (!strcmp(c, "append") && argc == 4)
		return cmd_append(argv[2], num(argv[3]));
	if (!strcmp(c, "overwrite") && argc == 5)
		return cmd_overwrite(argv[2], num(argv[3]), argv[4]);
	if (!strcmp(c, "io") && argc == 3)
		return cmd_io(argv[2]);
	if (!strcmp(c, "mkfile") && (argc == 4 || argc == 5))
		return cmd_mkfile(argv[2], num(argv[3]), argc == 5 ? num(argv[4]) : 0);
	if (!strcmp(c, "rewrite") && argc == 4)
		return cmd_rewrite(argv[2], num(argv[3]));
	if (!strcmp(c, "check-prefix") && argc == 5)
		return cmd_check_prefix(argv[2], num(argv[3]), num(argv[4]));
	if (!strcmp(c, "check-slots") && argc == 5)
		return cmd_check_slots(argv[2], num(argv[3]), num(argv[4]));
	fprintf(stderr, "usage: hz read FILE mmap|pread MARKER |\n"
		"  write FILE mmap|pwrite|splice MARKER | extend FILE MARKER |\n"
		"  reclaim A B MARKER | eofrace FILE SECONDS |\n"
		"  reclaimrace A B B_FIRST ROUNDS |\n"
		"  soak DIR NFILES SECONDS [OPMASK] | coherent FILE MARKER |\n"
		"  append FILE RECSIZE | overwrite FILE RECSIZE write|mmap | io FILE |\n"
		"  mkfile FILE SIZE [FIRST] | rewrite FILE RECORD | census FILE FIRST END |\n"
		"  flip FILE LOW HIGH SECONDS |\n"
		"  check-prefix FILE RECSIZE LAST | check-slots FILE RECSIZE LAST\n");
	return 2;
}
