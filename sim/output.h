/* SPDX-License-Identifier: GPL-2.0 */
/* daxsim's output: a table or JSON lines, behind one set of operations. */
#ifndef DAXSIM_OUTPUT_H
#define DAXSIM_OUTPUT_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

struct out_info {
	const char *file, *dev;	/* dev NULL: no records */
	uint64_t records, references, evictions;	/* as recorded */
	uint32_t inodes;
	uint64_t granule;
	double sample_rate, target;
	uint64_t reclaim_ns;	/* the timed worker's ns per range; 0: instant */
};

struct out_row {
	uint64_t window, range;
	uint64_t ranges;	/* window / range */
	uint32_t sim_ranges;	/* ranges simulated: ranges * sample rate */
	struct model_counts c;	/* scaled by 1 / sample rate */
	double hit_ratio;	/* < 0: no references */
};

struct out_summary {
	uint64_t range;
	uint64_t footprint;	/* distinct ranges touched, scaled */
	int has_knee, has_target;
	uint64_t knee_window, achievable_window, target_window;
	double knee_hit_ratio, achievable, target_hit_ratio, target_mib;
};

struct out_ops {
	void (*header)(const struct out_info *info);
	void (*row)(const struct out_row *row);
	/* One summary per range size, together. */
	void (*summary)(const struct out_info *info, const struct out_summary *s, size_t n);
};

extern const struct out_ops out_table, out_json;

/* s as a JSON string (quotes, backslashes and control characters escaped). */
void json_str(const char *s);

#endif
