/* SPDX-License-Identifier: GPL-2.0 */
/* Output helpers of the DAX tools: times, JSON lines, log2 histograms in
 * tables, JSON and the Prometheus text format. */
#ifndef DAXSCOPE_OUTPUT_H
#define DAXSCOPE_OUTPUT_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>
#include <json-c/json.h>
#include <linux/types.h>

/* HH:MM:SS local time; ISO 8601 UTC with milliseconds. */
void fmt_hms(const struct timespec *ts, char *buf, size_t len);
void fmt_iso(const struct timespec *ts, char *buf, size_t len);
double ts_diff(const struct timespec *a, const struct timespec *b);

/* Prints o as one line, flushes, and frees it. */
void json_emit(json_object *o);

/* Log2 histograms: slot i holds [2^i, 2^(i+1)) ns, slot 0 also 0 ns. */
__u64 log2_count(const __u64 *slot, int nslots);
void log2_print(const __u64 *slot, int nslots);
/* {"count", "sum_ns", "buckets": [{"lo_ns", "hi_ns", "count"}...]}, the
 * non-empty buckets only. */
json_object *log2_json(const __u64 *slot, int nslots, __u64 sum_ns);
/* NAME_seconds histogram with le = 2^k ns, k = 10..36, then +Inf. */
void log2_prom(FILE *f, const char *name, const char *help, const __u64 *slot, int nslots,
	       __u64 sum_ns);

#endif
