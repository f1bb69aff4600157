// SPDX-License-Identifier: GPL-2.0
/* daxstat -j: a JSON line per interval, then one with the summary. */
#include <json-c/json.h>

#include "daxstat_output.h"
#include "output.h"
#include "record.h"

static json_object *json_counters(const struct ds_stats *s)
{
	json_object *o = json_object_new_object();
	int c;

	for (c = 0; c < DS_NR_SHOWN; c++)
		json_object_object_add(o, counters[c].name,
				       cnt_avail(c) ? json_object_new_uint64(s->cnt[c]) : NULL);
	return o;
}

static void json_gauges(json_object *o, const struct snapshot *d)
{
	bool ok = gauges_ok(d);

	json_object_object_add(o, "free_ranges", ok ? json_object_new_int64(d->nr_free) : NULL);
	json_object_object_add(o, "window_ranges", ok ? json_object_new_uint64(d->nr_ranges) : NULL);
}

static json_object *json_estimate(const struct estf_view *e)
{
	json_object *o = json_object_new_object(), *need = json_object_new_object();
	int k;

	for (k = 0; k < ESTF_NTARGETS; k++)
		json_object_object_add(need, estf_target_names[k], e->needed_rc[k] < 0 ? NULL :
				       json_object_new_uint64(e->needed[k]));
	json_object_object_add(o, "needed_bytes", need);
	json_object_object_add(o, "lower_bound", e->needed_rc[0] < 0 ? NULL :
			       json_object_new_boolean(e->needed_rc[0] == 1));
	json_object_object_add(o, "hit_ratio", e->hit_ratio_rc ? NULL :
			       json_object_new_double(e->hit_ratio));
	json_object_object_add(o, "references", json_object_new_uint64(e->references));
	json_object_object_add(o, "span_references", json_object_new_uint64(e->span_references));
	json_object_object_add(o, "min_references", json_object_new_uint64(e->min_refs));
	json_object_object_add(o, "dropped", json_object_new_uint64(e->dropped));
	json_object_object_add(o, "sample_rate", json_object_new_double(rec_opts.rate));
	return o;
}

/* Per mount: what it asked for, its window, reads that bypassed DAX, and
 * with --estimate the window estimate (null: no estimator, e.g. no window). */
static json_object *json_mounts(void)
{
	struct dev_view v[DS_MAX_DEVS];
	json_object *a = json_object_new_array();
	int n = dev_views(v, DS_MAX_DEVS), i;
	char dev[24];

	for (i = 0; i < n; i++) {
		json_object *o = json_object_new_object();

		dev_name(v[i].m.dev, dev, sizeof(dev));
		json_object_object_add(o, "device", json_object_new_string(dev));
		json_object_object_add(o, "mountpoint", json_object_new_string(v[i].m.dir));
		json_object_object_add(o, "dax", json_object_new_string(v[i].m.dax));
		json_object_object_add(o, "range", json_object_new_uint64(v[i].m.range));
		json_object_object_add(o, "window_bytes", v[i].m.window_known ?
				       json_object_new_uint64(v[i].m.window) : NULL);
		json_object_object_add(o, "nondax_reads", v[i].reads_known ?
				       json_object_new_uint64(v[i].m.nondax_reads) : NULL);
		if (rec_opts.estimate)
			json_object_object_add(o, "estimate",
					       v[i].est ? json_estimate(&v[i].e) : NULL);
		json_object_array_add(a, o);
	}
	return a;
}

static void print_json_row(const struct snapshot *d, double secs)
{
	json_object *o = json_object_new_object();
	char buf[40];

	fmt_iso(&d->ts, buf, sizeof(buf));
	json_object_object_add(o, "type", json_object_new_string("interval"));
	json_object_object_add(o, "time", json_object_new_string(buf));
	json_object_object_add(o, "interval_s", json_object_new_double(secs));
	json_object_object_add(o, "counters", json_counters(&d->s));
	json_gauges(o, d);
	json_emit(o);
}

static void print_summary_json(const struct snapshot *d, double secs)
{
	json_object *o = json_object_new_object(), *hs = json_object_new_object();
	json_object *un = json_object_new_array();
	int c, h;

	json_object_object_add(o, "type", json_object_new_string("summary"));
	json_object_object_add(o, "duration_s", json_object_new_double(secs));
	json_object_object_add(o, "mount", env.mount ? json_object_new_string(env.mount) : NULL);
	json_object_object_add(o, "probes", json_object_new_string(probes_in_use()));
	json_object_object_add(o, "mode", json_object_new_string(mode_name()));
	json_object_object_add(o, "counters", json_counters(&d->s));
	json_gauges(o, d);
	for (h = 0; h < DS_NR_HIST; h++)
		json_object_object_add(hs, hists[h].name, hist_avail(h) ?
				       log2_json(d->s.hist[h].slot, DS_HIST_SLOTS,
						 d->s.hist[h].sum_ns) : NULL);
	json_object_object_add(o, "histograms", hs);
	for (c = 0; c < DS_NR_SHOWN; c++)
		if (!cnt_avail(c))
			json_object_array_add(un, json_object_new_string(counters[c].name));
	json_object_object_add(o, "unavailable", un);
	if (rec_opts.path) {
		json_object *r = json_object_new_object();

		json_object_object_add(r, "file", json_object_new_string(rec_opts.path));
		json_object_object_add(r, "records", json_object_new_uint64(rec_records()));
		json_object_object_add(r, "dropped",
				       json_object_new_uint64(d->s.cnt[DS_C_REC_DROPPED]));
		json_object_object_add(o, "recording", r);
	}
	json_object_object_add(o, "mounts", json_mounts());
	json_object_object_add(o, "self_cost", selfcost_json(&d->cost, secs));
	json_emit(o);
}

const struct daxstat_output_ops daxstat_json = {
	.name = "json",
	.row = print_json_row,
	.summary = print_summary_json,
};
