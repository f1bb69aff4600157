// SPDX-License-Identifier: GPL-2.0
/*
 * daxstat --record: the daxrec1 file (sim/README.md). Order: entries come
 * from one ring buffer shared by all CPUs, in the order they were reserved,
 * which can differ from the order of their timestamps by the few
 * instructions between reading the clock and reserving. daxsim wants
 * TIME_NS not to decrease, so a time below the last one written is clamped
 * to it: the lines keep the ring's order, and no time moves by more than
 * that gap.
 */
#define _GNU_SOURCE
#include <argp.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "../bpf/daxstat.h"
#include "record.h"
#include "tool.h"

struct rec_opts rec_opts = { .rate = REC_RATE_DEFAULT };

static int fd = -1;
static rec_sink_fn sink;
static FILE *out;
static struct ring_buffer *ring;
static __u64 last_ns, written;
static int write_err;		/* first errno of a failed write */
static char iobuf[1 << 20];

int rec_parse_rate(const char *s, double *rate)
{
	char *end;
	double r;

	errno = 0;
	r = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(r) || r <= 0 || r > 1)
		return -1;
	*rate = r;
	return 0;
}

int rec_parse_size(const char *s, __u64 *bytes)
{
	unsigned long long v;
	unsigned int shift = 0;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	}
	if (errno || *end || !v || v > (~0ULL >> shift))
		return -1;
	*bytes = v << shift;
	return 0;
}

static bool pow2(__u64 v) { return v && !(v & (v - 1)); }

static unsigned int log2u(__u64 v)
{
	unsigned int n = 0;

	while (v >>= 1)
		n++;
	return n;
}

bool rec_stream(void) { return rec_opts.path || rec_opts.estimate; }

void rec_set_sink(rec_sink_fn fn) { sink = fn; }

const char *rec_check(void)
{
	static char msg[160];
	struct rec_opts *o = &rec_opts;

	if (!rec_stream()) {
		if (o->rate_set || o->granule_set || o->unit_set)
			return "--sample, --granule and --sample-unit need --record FILE or --estimate";
		return NULL;
	}
	if (!o->granule_set)
		o->granule = REC_GRANULE_DEFAULT;
	if (!pow2(o->granule) || o->granule < 4096 || o->granule > (1ULL << 40)) {
		snprintf(msg, sizeof(msg), "--granule must be a power of two from 4K to 1T, not %llu",
			 (unsigned long long)o->granule);
		return msg;
	}
	/* Sampled: a unit as large as the largest range simulated (daxsim
	 * refuses larger ranges); unsampled, the unit does not matter. */
	if (!o->unit_set)
		o->unit = o->rate < 1.0 && o->granule < REC_UNIT_SAMPLED_DEFAULT ?
			  REC_UNIT_SAMPLED_DEFAULT : o->granule;
	if (!pow2(o->unit) || o->unit < o->granule || o->unit > (1ULL << 50)) {
		snprintf(msg, sizeof(msg), "--sample-unit must be the granule (%llu) times a power "
			 "of two, not %llu", (unsigned long long)o->granule,
			 (unsigned long long)o->unit);
		return msg;
	}
	if (rec_threshold() == 0)
		return "--sample is below 1/16777216: nothing would be kept";
	return NULL;
}

int rec_open(void)
{
	/* Not truncated yet: a run that fails to start leaves a file as it was. */
	fd = open(rec_opts.path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	return fd < 0 ? -errno : 0;
}

unsigned int rec_granule_shift(void) { return log2u(rec_opts.granule); }
unsigned int rec_unit_shift(void) { return log2u(rec_opts.unit / rec_opts.granule); }
/* The cast floors, as sim/record.c's daxrec_keep() does. */
__u32 rec_threshold(void) { return (__u32)(rec_opts.rate * 16777216.0); }

/* The shortest decimal that reads back as the same double: daxsim then
 * derives the same threshold from the header as the BPF side uses. */
static void fmt_rate(char *buf, size_t len, double r)
{
	int prec;

	for (prec = 1; prec < 17; prec++) {
		snprintf(buf, len, "%.*g", prec, r);
		if (strtod(buf, NULL) == r)
			return;
	}
	snprintf(buf, len, "%.17g", r);
}

static long long clock_ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* TASK: a comm, blanks and control characters made '_'. */
static void fmt_task(char *buf, const char *comm)
{
	int i;

	for (i = 0; i < DS_REC_COMM && comm[i]; i++)
		buf[i] = (unsigned char)comm[i] <= ' ' || comm[i] == 0x7f ? '_' : comm[i];
	if (!i)
		buf[i++] = '?';
	buf[i] = 0;
}

static int on_entry(void *ctx, void *data, size_t size)
{
	const struct ds_rec *r = data;
	unsigned int us = rec_unit_shift();
	char task[DS_REC_COMM + 1], dev[24];
	__u64 g, t, n = 0;

	if (size < sizeof(*r))
		return 0;
	t = r->ts_ns < last_ns ? last_ns : r->ts_ns;
	last_ns = t;
	if (sink)
		sink(r, t);
	if (!out)
		return 0;
	fmt_task(task, r->comm);
	snprintf(dev, sizeof(dev), "%u:%u", r->dev >> 20, r->dev & 0xfffff);
	if (r->op == DS_REC_EVICT) {
		fprintf(out, "%llu %s %llu - e - %s\n", (unsigned long long)t, dev,
			(unsigned long long)r->ino, task);
		n = 1;
	}
	for (g = r->first; r->op != DS_REC_EVICT && g >= r->first && g <= r->last; g++) {
		__u64 i = (g >> us) - (r->first >> us);

		if (r->keep != ~0ULL && (i >= DS_REC_MAX_UNITS || !(r->keep >> i & 1)))
			continue;
		fprintf(out, "%llu %s %llu %llu %c %c %s\n", (unsigned long long)t, dev,
			(unsigned long long)r->ino, (unsigned long long)g,
			r->op == DS_REC_WRITE ? 'w' : 'r', r->fault ? 'f' : 'i', task);
		n++;
	}
	__atomic_add_fetch(&written, n, __ATOMIC_RELAXED);
	return 0;
}

void rec_start(int ring_fd, __u64 range)
{
	struct rec_opts *o = &rec_opts;
	long long real, boot;
	struct utsname u;
	char rate[32];

	ring = ring_buffer__new(ring_fd, on_entry, NULL, NULL);
	if (!ring)
		fatal("cannot read the references' ring buffer: %s", strerror(errno));
	if (!o->path)
		return;
	if (ftruncate(fd, 0) || !(out = fdopen(fd, "w")))
		fatal("cannot write the recording %s: %s", o->path, strerror(errno));
	setvbuf(out, iobuf, _IOFBF, sizeof(iobuf));
	/* Between the two reads of the pair, whichever comes second. */
	boot = clock_ns(CLOCK_BOOTTIME);
	real = clock_ns(CLOCK_REALTIME);
	fmt_rate(rate, sizeof(rate), o->rate);
	fprintf(out, "# format=daxrec1\n# granule=%llu\n# sample_rate=%s\n# sample_unit=%llu\n",
		(unsigned long long)o->granule, rate, (unsigned long long)o->unit);
	/* daxsim needs a range that is the granule times a power of two;
	 * the window is not known before a probe sees the connection. */
	if (range >= o->granule && pow2(range))
		fprintf(out, "# range=%llu\n", (unsigned long long)range);
	fprintf(out, "# realtime_offset_ns=%lld\n", real - boot);
	fprintf(out, "# tool=%s\n", argp_program_version);
	if (!uname(&u))
		fprintf(out, "# kernel=%s\n", u.release);
	fprintf(out, "# TIME_NS DEV INO GRANULE OP PATH TASK\n");
	if (fflush(out))
		fatal("cannot write the recording %s: %s", o->path, strerror(errno));
}

void rec_drain(void)
{
	int err;

	if (!ring)
		return;
	err = ring_buffer__consume(ring);
	if (err < 0 && !write_err)
		notice("reading the references' ring buffer failed: %s", strerror(-err));
	if (out && ferror(out) && !write_err) {
		write_err = errno ? errno : EIO;
		notice("writing the recording %s failed: %s; counting goes on", rec_opts.path,
		       strerror(write_err));
	}
}

int rec_finish(__u64 dropped)
{
	if (!ring)
		return 0;
	rec_drain();
	ring_buffer__free(ring);
	ring = NULL;
	if (!out)
		return 0;
	fprintf(out, "# end records=%llu dropped=%llu\n", (unsigned long long)written,
		(unsigned long long)dropped);
	if ((fflush(out) || fsync(fileno(out))) && !write_err)
		write_err = errno;
	if (fclose(out) && !write_err)
		write_err = errno;
	out = NULL;
	return -write_err;
}

__u64 rec_records(void)
{
	return __atomic_load_n(&written, __ATOMIC_RELAXED);
}
