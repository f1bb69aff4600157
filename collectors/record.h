/* SPDX-License-Identifier: GPL-2.0 */
/*
 * daxstat --record FILE: the window's references as a daxrec1 recording
 * for daxsim (format: sim/README.md). The BPF side (bpf/daxstat_record.bpf.h)
 * puts one entry per mapped extent or eviction into a ring buffer, already
 * sampled; this file checks the options, writes the header, drains the ring
 * into one line per granule and closes the file with a count.
 *
 * The ring is the reference stream of --estimate too (estimate_feed.c): one
 * stream, and a sink that gets every entry the file gets, whether or not
 * there is a file.
 */
#ifndef DAXSCOPE_RECORD_H
#define DAXSCOPE_RECORD_H

#include <stdbool.h>
#include <linux/types.h>

/* Ring buffer size, and how often it is drained: 8 MiB hold about 110 000
 * entries, so 100 ms leave room for a million mapped extents a second. */
#define REC_RING_BYTES (8U << 20)
#define REC_DRAIN_S 0.1
/* Defaults: the smallest and the largest range `make tune` simulates. */
#define REC_GRANULE_DEFAULT (256ULL << 10)
#define REC_UNIT_SAMPLED_DEFAULT (4ULL << 20)
/* --sample's default (collectors/README.md, "Recording" and "Window
 * estimate"): a sampled-out access then costs the hash alone, so the
 * recorder stays near --hits' cost; the estimator costs about 50 ns per
 * mapped extent (680 at 1), and its 2000 sampled references still come
 * from 20000 mapped extents in its 5 to 10 min span. */
#define REC_RATE_DEFAULT 0.1

struct rec_opts {
	const char *path;		/* --record; NULL: not recording */
	bool estimate;			/* --estimate: the stream without a file */
	double rate;			/* --sample, 0 < rate <= 1 */
	__u64 granule, unit;		/* --granule, --sample-unit (bytes) */
	bool rate_set, granule_set, unit_set;
};

extern struct rec_opts rec_opts;

/* The ring is wanted: --record or --estimate. */
bool rec_stream(void);

struct ds_rec;
/* Gets every entry, with the time the file gets (clamped not to decrease). */
typedef void (*rec_sink_fn)(const struct ds_rec *r, __u64 ts_ns);
void rec_set_sink(rec_sink_fn fn);

/* Option values: 0, or -1 when malformed. Sizes take K, M or G (1024). */
int rec_parse_rate(const char *s, double *rate);
int rec_parse_size(const char *s, __u64 *bytes);

/* After all options: fills in the defaults and checks them together.
 * NULL, or what is wrong (one line). */
const char *rec_check(void);
/* Opens FILE for writing (not yet truncated): 0 or -errno. */
int rec_open(void);

/* For the BPF program's read-only data. */
unsigned int rec_granule_shift(void);
unsigned int rec_unit_shift(void);	/* log2(sample_unit / granule) */
__u32 rec_threshold(void);		/* floor(rate * 2^24), as daxsim */

/* After loading: truncates the file and writes the header (range: the DAX
 * range size if known, else 0) when recording, and attaches to the ring
 * buffer map. */
void rec_start(int ring_fd, __u64 range);
/* Writes out what the ring holds. */
void rec_drain(void);
/* After detaching: drains the rest and, when recording, writes "# end
 * records=N dropped=N", flushes and syncs. 0, or -errno when the file could
 * not be written. */
int rec_finish(__u64 dropped);

/* Lines of references and evictions written so far (any thread). */
__u64 rec_records(void);

#endif
