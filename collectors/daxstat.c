// SPDX-License-Identifier: GPL-2.0
/*
 * daxstat: virtio-fs DAX window statistics (fs/fuse/dax.c) from eBPF.
 *
 *   daxstat [-j|-c] [-m MOUNT] [--hits] [--latency] [--faults] [interval [count]]
 *   daxstat --prometheus[=ADDR:PORT]
 *   daxstat --record FILE [--sample R] [--granule BYTES] [--sample-unit BYTES] ...
 *   daxstat --estimate [--sample R] ...
 *
 * Loads bpf/daxstat.bpf.c, prints a row of per-interval counters (table,
 * JSON lines or CSV) and, on exit (count reached, SIGINT or SIGTERM),
 * totals, latency histograms and what its own programs cost. By default
 * only slow paths are probed (mapping setup and removal, reclaim, waits,
 * eviction, extending writes); --hits, --latency and --faults add probes
 * that run on every DAX access. What a mode does not count is
 * "unavailable": "-" in tables, null in JSON, an empty CSV field, an absent
 * Prometheus metric; never 0. --record also writes the window's references
 * to FILE for daxsim (record.c); --estimate feeds the same stream into the
 * window estimate (estimate_feed.c). Per mount that asked for DAX: its
 * window and the reads that bypassed DAX (devs.c).
 */
#include <argp.h>
#include <errno.h>
#include <sysexits.h>
#include <unistd.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <json-c/json.h>

#include "../bpf/daxstat.h"
#include "daxstat.skel.h"
#include "daxstat_output.h"
#include "devs.h"
#include "estimate_feed.h"
#include "output.h"
#include "mounts.h"
#include "probes.h"
#include "prom.h"
#include "record.h"
#include "selfcost.h"
#include "tool.h"

struct daxstat_env env = { .interval = 1.0, .count = -1, .probes = "auto" };

const char *argp_program_version = "daxstat 0.2 (daxscope)";
static const char doc[] =
	"daxstat: virtio-fs DAX window statistics (new mappings, upgrades, reclaim,\n"
	"waits for a free range, file-extending writes; window hits with --hits)\n"
	"from eBPF.\n"
	"\n"
	"USAGE: daxstat [OPTIONS] [interval [count]]\n"
	"\n"
	"Prints a row every interval seconds (default 1) until count rows were\n"
	"printed or SIGINT/SIGTERM, then totals, log2 latency histograms and the\n"
	"cost of its own BPF programs. Values the current mode does not count are\n"
	"'-' (JSON null, empty CSV field).\n"
	"\n"
	"EXAMPLES:\n"
	"    daxstat                 # slow paths only: table every second\n"
	"    daxstat --hits -j 5     # also window hits, JSON lines every 5 s\n"
	"    daxstat -m /mnt/share 1 10\n"
	"    daxstat --prometheus    # serve /metrics on " PROM_DEFAULT "\n"
	"    daxstat --record /tmp/w.rec --sample 0.1 -j 10   # references for daxsim\n"
	"    daxstat --estimate --prometheus   # and the window each mount needs\n";

enum {
	OPT_PARTIAL = 0x100, OPT_PROM, OPT_PROBES, OPT_HITS, OPT_LATENCY, OPT_FAULTS,
	OPT_RECORD, OPT_SAMPLE, OPT_GRANULE, OPT_SAMPLE_UNIT, OPT_ESTIMATE,
};

static const struct argp_option opts[] = {
	{ "json", 'j', NULL, 0, "JSON lines (one object per interval, then a summary)", 0 },
	{ "csv", 'c', NULL, 0, "CSV (header, one row per interval, a 'total' row)", 0 },
	{ "mount", 'm', "DIR", 0, "only this virtio-fs DAX mount point", 0 },
	{ "hits", OPT_HITS, NULL, 0,
	  "count window hits and holes (one small program per DAX access)", 0 },
	{ "latency", OPT_LATENCY, NULL, 0,
	  "time every fuse_iomap_begin, count its failures and which path found no free "
	  "range (two programs and per-task state per DAX access; implies what --hits counts)", 0 },
	{ "faults", OPT_FAULTS, NULL, 0, "count DAX page faults (one program per fault)", 0 },
	{ "histograms", 'H', NULL, 0, "table mode: print histograms also when empty", 0 },
	{ "partial", OPT_PARTIAL, NULL, 0,
	  "trace what is attachable when some functions are not (the rest is unavailable)", 0 },
	{ "prometheus", OPT_PROM, "ADDR:PORT", OPTION_ARG_OPTIONAL,
	  "serve Prometheus metrics on http://ADDR:PORT/metrics (default " PROM_DEFAULT ")", 0 },
	{ "probes", OPT_PROBES, "KIND", 0,
	  "auto (default: the fuse_dax tracepoints of a patched module if present, else "
	  "fentry, else kprobes), tracepoints, fentry, or kprobe", 0 },
	{ "record", OPT_RECORD, "FILE", 0,
	  "also write the window's references to FILE (daxrec1, for daxsim); hits are counted "
	  "only with --hits", 0 },
	{ "estimate", OPT_ESTIMATE, NULL, 0,
	  "estimate the window each mount needs from the sampled references (sim/estimate.c); "
	  "implies --hits", 0 },
	{ "sample", OPT_SAMPLE, "R", 0,
	  "--record, --estimate: keep a spatial sample of R of the (inode, unit) pairs "
	  "(0 < R <= 1; default 0.1; 1 records every reference)", 0 },
	{ "granule", OPT_GRANULE, "BYTES", 0,
	  "--record, --estimate: file offsets in granules of BYTES (a power of two >= 4K, K/M "
	  "suffix; default 256K)", 0 },
	{ "sample-unit", OPT_SAMPLE_UNIT, "BYTES", 0,
	  "--record, --estimate: the unit sampling keeps or drops (the granule times a power of "
	  "two; default the granule, or 4M with --sample below 1)", 0 },
	{ "verbose", 'v', NULL, 0, "print libbpf debug messages", 0 },
	{ NULL, 'h', NULL, OPTION_HIDDEN, "show this help", 0 },
	{},
};

static error_t parse_arg(int key, char *arg, struct argp_state *state)
{
	const char *msg;
	int err;

	switch (key) {
	case 'j': env.json = true; break;
	case 'c': env.csv = true; break;
	case 'm': env.mount = arg; break;
	case 'H': env.hists = true; break;
	case 'v': tool_verbose = true; break;
	case OPT_PARTIAL: env.partial = true; break;
	case OPT_HITS: env.hits = true; break;
	case OPT_LATENCY: env.latency = true; break;
	case OPT_FAULTS: env.faults = true; break;
	case OPT_PROBES:
		if (strcmp(arg, "auto") && strcmp(arg, "tracepoints") && strcmp(arg, "fentry") &&
		    strcmp(arg, "kprobe"))
			argp_error(state, "--probes takes auto, tracepoints, fentry or kprobe, not %s",
				   arg);
		env.probes = arg;
		break;
	case OPT_RECORD: rec_opts.path = arg; break;
	case OPT_ESTIMATE: rec_opts.estimate = true; break;
	case OPT_SAMPLE:
		if (rec_parse_rate(arg, &rec_opts.rate))
			argp_failure(state, EX_USAGE, 0, "--sample takes a number in (0, 1], not %s", arg);
		rec_opts.rate_set = true;
		break;
	case OPT_GRANULE:
		if (rec_parse_size(arg, &rec_opts.granule))
			argp_failure(state, EX_USAGE, 0, "--granule takes a size in bytes (K/M suffix), "
				     "not %s", arg);
		rec_opts.granule_set = true;
		break;
	case OPT_SAMPLE_UNIT:
		if (rec_parse_size(arg, &rec_opts.unit))
			argp_failure(state, EX_USAGE, 0, "--sample-unit takes a size in bytes (K/M "
				     "suffix), not %s", arg);
		rec_opts.unit_set = true;
		break;
	case OPT_PROM:
		env.prom = true;
		env.prom_addr = arg ? arg : PROM_DEFAULT;
		break;
	case 'h': argp_state_help(state, stderr, ARGP_HELP_STD_HELP); break;
	case ARGP_KEY_ARG:
		tool_parse_interval(state, arg, 0.01, &env.interval, &env.count);
		break;
	case ARGP_KEY_END:
		if (env.json && env.csv)
			argp_error(state, "-j and -c exclude each other");
		if ((msg = rec_check()))
			argp_failure(state, EX_USAGE, 0, "%s", msg);
		/* The estimate is shown beside the measured hit ratio. A
		 * recording alone counts nothing per access: daxsim derives
		 * the hits, and a sampled-out access then costs one program
		 * with no helper call, less than --hits' two. */
		if (rec_opts.estimate)
			env.hits = true;
		if (!rec_opts.path)
			break;
		/* Before anything is loaded: a file that cannot be written
		 * stops the run here, in one line. */
		if ((err = rec_open()))
			argp_failure(state, EXIT_FAILURE, -err, "cannot write the recording %s",
				     rec_opts.path);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

/* ---- probes, and what each value needs --------------------------------- */

enum ds_probe {
	P_SETUP, P_REMOVE, P_ALLOC, P_REINIT, P_WORKER, P_EVICT, P_DIO,	/* slow paths */
	P_STATFS,							/* at start */
	P_IOMAP_END, P_IOMAP_BEGIN, P_FAULT, P_READ_ITER,		/* per access */
	P_TP_SETUP, P_TP_REMOVE, P_TP_RECLAIM, P_TP_WAIT, P_TP_RANGES,	/* patched */
	P_TP_IOMAP,							/* per access */
	P_NR,
	P_NEVER = P_NR,	/* never attached: not available that way */
};

static const struct probe_def probe_defs[P_NR] = {
	[P_SETUP] = { "fuse_setup_one_mapping", "setup", PK_FUNC, "new mappings, upgrades, hits and setup latency" },
	[P_REMOVE] = { "fuse_send_removemapping", "remove", PK_FUNC, "removed ranges, reclaim counts and their latency" },
	[P_ALLOC] = { "alloc_dax_mapping", "alloc", PK_FUNC, "no-free-range counts, waits and free ranges" },
	[P_REINIT] = { "dmap_reinit_add_to_free_pool", "reinit", PK_FUNC, "ranges put back on the free list" },
	[P_WORKER] = { "fuse_dax_free_mem_worker", "worker", PK_FUNC, "background reclaim" },
	[P_EVICT] = { "fuse_dax_inode_cleanup", "evict", PK_FUNC, "evictions told apart from reclaim (so reclaim counts)" },
	[P_DIO] = { "fuse_direct_io", "dio", PK_FUNC, "file-extending writes" },
	[P_STATFS] = { "fuse_statfs", "statfs", PK_FUNC, "each mount's window" },
	[P_IOMAP_END] = { "fuse_iomap_end", "iomap_end", PK_FUNC, "hits, mapped extents and holes" },
	[P_IOMAP_BEGIN] = { "fuse_iomap_begin", "iomap_begin", PK_FUNC, "iomap_begin calls, errors and latency" },
	[P_FAULT] = { "__fuse_dax_fault", "fault", PK_FUNC, "DAX fault counts" },
	[P_READ_ITER] = { "fuse_file_read_iter", "read_iter", PK_FUNC, "reads that bypassed DAX" },
	[P_TP_SETUP] = { "fuse_dax_setup_mapping", "fuse_dax_setup_mapping", PK_TRACEPOINT, "new mappings and upgrades" },
	[P_TP_REMOVE] = { "fuse_dax_remove_mapping", "fuse_dax_remove_mapping", PK_TRACEPOINT, "removed ranges" },
	[P_TP_RECLAIM] = { "fuse_dax_reclaim", "fuse_dax_reclaim", PK_TRACEPOINT, "reclaim counts" },
	[P_TP_WAIT] = { "fuse_dax_wait", "fuse_dax_wait", PK_TRACEPOINT, "waits for a free range" },
	[P_TP_RANGES] = { "fuse_dax_ranges", "fuse_dax_ranges", PK_TRACEPOINT, "free ranges" },
	[P_TP_IOMAP] = { "fuse_dax_iomap", "fuse_dax_iomap", PK_TRACEPOINT, "hits, holes and iomap_begin outcomes" },
};

#define B(p) (1u << (p))
#define SLOW_FUNCS (B(P_SETUP) | B(P_REMOVE) | B(P_ALLOC) | B(P_REINIT) | B(P_WORKER) | \
		    B(P_EVICT) | B(P_DIO) | B(P_STATFS))
#define SLOW_TPS (B(P_TP_SETUP) | B(P_TP_REMOVE) | B(P_TP_RECLAIM) | B(P_TP_WAIT) | \
		  B(P_TP_RANGES))
#define RM_CTX (B(P_REMOVE) | B(P_EVICT) | B(P_WORKER))

#define NEED(f0, f1, t0, t1) { { { (f0), (f1) }, { (t0), (t1) } } }

const struct counter_def counters[DS_NR_CNT] = {
	[DS_C_IOMAP_BEGIN] = { "iomap_begin", "iomap_begin calls", "fuse_iomap_begin calls",
		NEED(B(P_IOMAP_BEGIN), 0, B(P_TP_IOMAP), 0) },
	[DS_C_MAPPED] = { "mapped", "mapped extents", "iomap_begin calls that returned a mapped extent",
		NEED(B(P_IOMAP_BEGIN), B(P_IOMAP_END), B(P_TP_IOMAP), 0) },
	[DS_C_HIT] = { "hits", "window hits", "iomap_begin calls served from an existing mapping",
		NEED(B(P_IOMAP_BEGIN) | B(P_SETUP), B(P_IOMAP_END) | B(P_SETUP), B(P_TP_IOMAP), 0) },
	[DS_C_HOLE] = { "holes", "holes", "iomap_begin calls that returned a hole",
		NEED(B(P_IOMAP_BEGIN), B(P_IOMAP_END), B(P_TP_IOMAP), 0) },
	[DS_C_IOMAP_ERR] = { "iomap_errors", "iomap_begin errors", "iomap_begin calls that failed",
		NEED(B(P_IOMAP_BEGIN), 0, B(P_TP_IOMAP), 0) },
	[DS_C_SETUP_NEW] = { "new_mappings", "new mappings", "FUSE_SETUPMAPPING requests for a new range that succeeded",
		NEED(B(P_SETUP), 0, B(P_TP_SETUP), 0) },
	[DS_C_SETUP_UPGRADE] = { "upgrades", "upgrades ro->rw", "FUSE_SETUPMAPPING upgrades of a read-only range to writable that succeeded",
		NEED(B(P_SETUP), 0, B(P_TP_SETUP), 0) },
	[DS_C_SETUP_ERR] = { "setup_errors", "setup errors", "FUSE_SETUPMAPPING requests that failed",
		NEED(B(P_SETUP), 0, B(P_TP_SETUP), 0) },
	[DS_C_RM_REQ] = { "remove_requests", "removemapping requests", "FUSE_REMOVEMAPPING requests",
		NEED(B(P_REMOVE), 0, B(P_TP_REMOVE), 0) },
	[DS_C_RM_RANGES] = { "removed_ranges", "removed ranges", "ranges in FUSE_REMOVEMAPPING requests",
		NEED(B(P_REMOVE), 0, B(P_TP_REMOVE), 0) },
	[DS_C_RM_ERR] = { "remove_errors", "removemapping errors", "FUSE_REMOVEMAPPING requests that failed",
		NEED(B(P_REMOVE), 0, B(P_TP_REMOVE), 0) },
	[DS_C_RECLAIM_INLINE] = { "reclaim_inline", "reclaimed inline", "ranges reclaimed inline by the task that needed a range",
		NEED(RM_CTX, 0, B(P_TP_RECLAIM), 0) },
	[DS_C_RECLAIM_BG] = { "reclaim_background", "reclaimed by worker", "ranges reclaimed by the background worker",
		NEED(RM_CTX, 0, B(P_TP_RECLAIM), 0) },
	[DS_C_RM_EVICT] = { "evicted_ranges", "removed at eviction", "ranges removed when their inode was evicted",
		NEED(B(P_REMOVE) | B(P_EVICT), 0, B(P_TP_REMOVE) | B(P_EVICT), 0) },
	[DS_C_BG_RUNS] = { "reclaim_worker_runs", "worker runs", "runs of the background reclaim worker",
		NEED(B(P_WORKER), 0, B(P_WORKER), 0) },
	[DS_C_FREED] = { "freed_ranges", "back on free list", "ranges returned to the free list by the worker or eviction",
		NEED(B(P_REINIT), 0, B(P_TP_RANGES), 0) },
	[DS_C_NOSPACE] = { "no_free_range", "no free range", "range allocations that found no free range",
		NEED(B(P_ALLOC), 0, B(P_NEVER), 0) },
	[DS_C_NOSPACE_FAULT] = { "no_free_range_fault", "no free range (fault)", "faults that found no free range",
		NEED(B(P_ALLOC) | B(P_IOMAP_BEGIN), 0, B(P_NEVER), 0) },
	[DS_C_NOSPACE_RW] = { "no_free_range_rw", "no free range (r/w)", "reads and writes that found no free range",
		NEED(B(P_ALLOC) | B(P_IOMAP_BEGIN), 0, B(P_NEVER), 0) },
	[DS_C_WAIT] = { "free_range_waits", "waits for a free range", "retries after finding no free range",
		NEED(B(P_ALLOC), 0, B(P_TP_WAIT), 0) },
	[DS_C_EXT_WRITE] = { "extending_writes", "extending writes", "file-extending writes sent as FUSE_WRITE, bypassing DAX",
		NEED(B(P_DIO), 0, B(P_DIO), B(P_TP_IOMAP)) },
	[DS_C_EXT_BYTES] = { "extending_write_bytes", "extending write bytes", "bytes written by file-extending writes",
		NEED(B(P_DIO), 0, B(P_DIO), B(P_TP_IOMAP)) },
	[DS_C_RECLAIM_SKIP] = { "reclaim_skipped", "reclaims that freed nothing", "reclaim attempts that found the range in use or gone, or failed",
		NEED(B(P_NEVER), 0, B(P_TP_RECLAIM), 0) },
	[DS_C_FAULT] = { "faults", "DAX faults", "DAX page faults",
		NEED(B(P_FAULT), 0, B(P_FAULT), 0) },
	[DS_C_FAULT_WRITE] = { "write_faults", "DAX write faults", "DAX page faults for writing",
		NEED(B(P_FAULT), 0, B(P_FAULT), 0) },
	[DS_C_DROPPED] = { "dropped", "dropped events", "events lost by daxstat",
		NEED(0, 0, 0, 0) },
	/* Not among the counters shown (DS_NR_SHOWN): the recording's own. */
	[DS_C_REC_DROPPED] = { "record_dropped", "references dropped",
		"references the recording lost (ring buffer full, or past the unit bound)",
		NEED(0, 0, 0, 0) },
};

const struct hist_def hists[DS_NR_HIST] = {
	[DS_H_IOMAP_BEGIN] = { "iomap_begin", "fuse_iomap_begin latency",
		NEED(B(P_IOMAP_BEGIN), 0, B(P_IOMAP_BEGIN), 0) },
	[DS_H_SETUP] = { "setup", "FUSE_SETUPMAPPING latency", NEED(B(P_SETUP), 0, B(P_TP_SETUP), 0) },
	[DS_H_REMOVE] = { "removemapping", "FUSE_REMOVEMAPPING latency",
		NEED(B(P_REMOVE), 0, B(P_TP_REMOVE), 0) },
	[DS_H_RECLAIM_INLINE] = { "reclaim_inline", "inline reclaim latency, from finding no free range to the range removed",
		NEED(RM_CTX | B(P_ALLOC), 0, B(P_TP_RECLAIM), 0) },
	[DS_H_RECLAIM_BG] = { "reclaim_background", "background worker time per reclaimed range",
		NEED(RM_CTX, 0, B(P_TP_RECLAIM), 0) },
	[DS_H_BG_RUN] = { "reclaim_worker_run", "duration of one background reclaim worker run",
		NEED(B(P_WORKER), 0, B(P_WORKER), 0) },
	[DS_H_WAIT] = { "free_range_wait", "wait for a free range, from finding none to the next attempt",
		NEED(B(P_ALLOC), 0, B(P_TP_WAIT), 0) },
};

/* Free/total ranges: as last seen by alloc_dax_mapping, or the ranges event. */
static const struct need gauge_need = NEED(B(P_ALLOC), 0, B(P_TP_RANGES), 0);

static struct probes pr = { .def = probe_defs, .n = P_NR };
static __u32 filter_dev;		/* the -m mount's device number, or 0 */
static bool tp_mode;			/* counting from the fuse_dax tracepoints */
/* fuse_iomap_end counts mapped extents and holes (not when it is loaded
 * for a recording alone, nor when fuse_iomap_begin counts, --latency). */
static bool iomap_end_counts;

static bool avail(const struct need *n)
{
	unsigned int counting = pr.attached;
	int k;

	if (!tp_mode && !iomap_end_counts)
		counting &= ~B(P_IOMAP_END);
	for (k = 0; k < 2; k++) {
		unsigned int s = n->set[tp_mode][k];

		if ((k == 0 || s) && (s & counting) == s)
			return true;
	}
	return false;
}

bool cnt_avail(int c) { return avail(&counters[c].need); }
bool hist_avail(int h) { return avail(&hists[h].need); }

/* ---- reading the maps ------------------------------------------------- */

static struct daxstat_bpf *skel;
static int ncpus;
static pthread_mutex_t read_lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * Hits are not counted per access: mapped extents minus new mappings and
 * upgrades (each of those ends in a mapped extent). A setup is counted a
 * moment before its extent, so a read in between would see one hit too few:
 * the value never goes below one already shown, and the rows still add up.
 */
static void derive_hits(struct ds_stats *s)
{
	static __u64 shown;
	__u64 m = s->cnt[DS_C_MAPPED], su = s->cnt[DS_C_SETUP_NEW] + s->cnt[DS_C_SETUP_UPGRADE];

	if (tp_mode)
		return;
	if (m > su && m - su > shown)
		shown = m - su;
	s->cnt[DS_C_HIT] = shown;
}

void read_snapshot(struct snapshot *snap)
{
	struct ds_stats *percpu;
	__u64 key = 0, next;
	struct ds_conn c;
	__u32 zero = 0;
	int fd, i, j, h;

	pthread_mutex_lock(&read_lock);
	memset(snap, 0, sizeof(*snap));
	clock_gettime(CLOCK_REALTIME, &snap->ts);
	percpu = calloc(ncpus, sizeof(*percpu));
	if (!percpu)
		fatal("out of memory");
	if (bpf_map_lookup_elem(bpf_map__fd(skel->maps.stats), &zero, percpu))
		fatal("reading the stats map failed: %s", strerror(errno));
	for (i = 0; i < ncpus; i++) {
		for (j = 0; j < DS_NR_CNT; j++)
			snap->s.cnt[j] += percpu[i].cnt[j];
		for (h = 0; h < DS_NR_HIST; h++) {
			for (j = 0; j < DS_HIST_SLOTS; j++)
				snap->s.hist[h].slot[j] += percpu[i].hist[h].slot[j];
			snap->s.hist[h].sum_ns += percpu[i].hist[h].sum_ns;
		}
	}
	free(percpu);
	derive_hits(&snap->s);

	fd = bpf_map__fd(skel->maps.conns);
	for (i = 0; bpf_map_get_next_key(fd, i ? &key : NULL, &next) == 0; i++) {
		if (bpf_map_lookup_elem(fd, &next, &c) == 0) {
			snap->conn_seen = true;
			snap->nr_free += c.nr_free;
			snap->nr_ranges += c.nr_ranges;
		}
		key = next;
	}

	/* Programs the kernel skipped (recursion) are dropped events too. */
	selfcost_read(&pr, &snap->cost);
	snap->s.cnt[DS_C_DROPPED] += snap->cost.misses;
	pthread_mutex_unlock(&read_lock);
}

bool gauges_ok(const struct snapshot *s) { return s->conn_seen && avail(&gauge_need); }

int dev_views(struct dev_view *v, int max)
{
	struct dev_info d[DS_MAX_DEVS];
	int i, n = devs_read(d, max < DS_MAX_DEVS ? max : DS_MAX_DEVS);

	for (i = 0; i < n; i++) {
		v[i].m = d[i];
		v[i].reads_known = pr.attached & B(P_READ_ITER);
		v[i].est = rec_opts.estimate && estf_view(d[i].dev, &v[i].e);
	}
	return n;
}

/* cur - prev: counters, histograms, own cost. */
static void snap_delta(const struct snapshot *cur, const struct snapshot *prev,
		       struct snapshot *d)
{
	int c, h, j;

	*d = *cur;
	for (c = 0; c < DS_NR_CNT; c++)
		d->s.cnt[c] -= prev->s.cnt[c];
	for (h = 0; h < DS_NR_HIST; h++) {
		for (j = 0; j < DS_HIST_SLOTS; j++)
			d->s.hist[h].slot[j] -= prev->s.hist[h].slot[j];
		d->s.hist[h].sum_ns -= prev->s.hist[h].sum_ns;
	}
	selfcost_delta(&cur->cost, &prev->cost, &d->cost);
}

/* ---- what the outputs say of the run ----------------------------------- */

const char *mode_name(void)
{
	static char buf[48];

	snprintf(buf, sizeof(buf), "%s%s%s", env.hits || env.latency ? "hits" : "slow paths",
		 env.latency ? " + latency" : "", env.faults ? " + faults" : "");
	return buf;
}

const char *probes_in_use(void) { return probes_describe(&pr); }

const struct daxstat_output_ops *output_format(void)
{
	if (env.json)
		return &daxstat_json;
	if (env.csv)
		return &daxstat_csv;
	return &daxstat_table;
}

/* Chosen once; the exporter prints no rows (its summary: output_format). */
static const struct daxstat_output_ops *output_select(void)
{
	return env.prom ? &daxstat_prom : output_format();
}

/* ---- loading ------------------------------------------------------------ */

static struct bpf_object *skel_open(const struct probes *p)
{
	skel = daxstat_bpf__open();
	if (!skel)
		return NULL;
	skel->rodata->filter_dev = filter_dev;
	skel->rodata->tp_mode = tp_mode;
	skel->rodata->tp_have_ctx = p->flavor[P_EVICT] != PF_NONE;
	skel->rodata->tp_ext_from_iomap = p->flavor[P_DIO] == PF_NONE;
	skel->rodata->state_in_hash = probes_any_kprobe(p);
	/* --latency counts in fuse_iomap_begin; fuse_iomap_end then only
	 * records, as it does for --record without --hits. */
	iomap_end_counts = tp_mode || (env.hits && p->flavor[P_IOMAP_BEGIN] == PF_NONE);
	skel->rodata->iomap_end_counts = iomap_end_counts;
	skel->rodata->rec_on = rec_stream();
	if (rec_stream()) {
		skel->rodata->rec_granule_shift = rec_granule_shift();
		skel->rodata->rec_unit_shift = rec_unit_shift();
		skel->rodata->rec_threshold = rec_threshold();
	}
	/* No stream: the smallest ring the kernel takes (a page). */
	if (bpf_map__set_max_entries(skel->maps.records, rec_stream() ? REC_RING_BYTES :
				     (__u32)sysconf(_SC_PAGESIZE)))
		return NULL;
	return skel->obj;
}

static int skel_load(void) { return daxstat_bpf__load(skel); }
static void skel_destroy(void) { daxstat_bpf__destroy(skel); skel = NULL; }

static const struct probe_loader loader = { skel_open, skel_load, skel_destroy };

/* Which probes the options ask for. */
static unsigned int wanted(bool btf)
{
	/* Per-access modes also count the reads that bypass DAX. */
	unsigned int w, reads = env.hits || env.latency ? B(P_READ_ITER) : 0;

	if (!tp_mode) {
		w = SLOW_FUNCS | reads;
		if (env.latency)
			w |= B(P_IOMAP_BEGIN);	/* counts what fuse_iomap_end would */
		/* --record and --estimate take their extents from
		 * fuse_iomap_end, also with --latency (that one then only
		 * records). */
		if ((env.hits && !env.latency) || rec_stream())
			w |= B(P_IOMAP_END);
		return w | (env.faults ? B(P_FAULT) : 0);
	}
	/* Tracepoints count (and give --record its extents: there a recording
	 * counts hits at no extra cost); functions, where there is BTF, add
	 * the worker runs, evictions, and the extending writes when the
	 * per-access iomap event is not wanted. */
	w = SLOW_TPS | (env.hits || rec_stream() ? B(P_TP_IOMAP) : 0);
	if (btf)
		w |= B(P_WORKER) | B(P_EVICT) | B(P_STATFS) | reads | (env.hits ? 0 : B(P_DIO)) |
		     (env.latency ? B(P_IOMAP_BEGIN) : 0) | (env.faults ? B(P_FAULT) : 0);
	return w;
}

/* --record and --estimate need their two probes: the per-access one and
 * evictions (without them the model would keep an evicted inode's ranges
 * mapped). */
static void rec_need(unsigned int have, const char *how)
{
	unsigned int acc = tp_mode ? B(P_TP_IOMAP) : B(P_IOMAP_END);
	const struct probe_def *d = &probe_defs[tp_mode ? P_TP_IOMAP : P_IOMAP_END];
	const char *opt = rec_opts.path ? "--record" : "--estimate";

	if (!(have & acc))
		fatal("%s needs %s%s, which is not available here", opt, d->target, how);
	if (!(have & B(P_EVICT)))
		fatal("%s needs %s%s for evictions%s", opt, probe_defs[P_EVICT].target, how,
		      fuse_has_btf() ? "" : " (fentry, so the fuse module's BTF)");
}

/* The range size at start: that of the traced mount(s), or 0 when they
 * differ or are unknown. The window is known only once probes see it. */
static __u64 range_at_start(void)
{
	struct dax_mount *m = calloc(16, sizeof(*m));
	__u64 range = 0;
	int i, n;

	if (!m)
		fatal("out of memory");
	n = dax_mounts(m, 16);
	for (i = 0; i < n; i++) {
		if (filter_dev && m[i].dev != filter_dev)
			continue;
		if (range && m[i].range != range) {
			range = 0;
			break;
		}
		range = m[i].range;
	}
	free(m);
	return range;
}

/* After the mount and kernel checks: counting from the tracepoints or from
 * the functions, and which probes. */
static void plan(struct probes *p)
{
	bool btf = fuse_has_btf();

	if (!strcmp(env.probes, "auto") || !strcmp(env.probes, "tracepoints")) {
		tp_mode = fuse_has_tracepoints();
		if (!tp_mode && !strcmp(env.probes, "tracepoints"))
			fatal("the fuse module has no fuse_dax tracepoints (a stock module; "
			      "kernel/patches adds them): run without --probes=tracepoints "
			      "to use fentry/fexit");
	}
	if (tp_mode) {
		/* Function probes are extras here: fentry where BTF allows. */
		p->no_kprobe = true;
		p->partial = true;
		if (!btf)
			notice("the fuse module has no BTF: counting from raw tracepoints; "
			       "iomap_begin latency, evictions, worker runs and faults unavailable");
	} else {
		probes_need_fuse_btf();
		p->partial = env.partial;
		p->force_kprobe = !strcmp(env.probes, "kprobe");
	}
	p->want = wanted(btf);
	probes_plan(p);
	if (rec_stream())
		rec_need(p->want, "");

	ncpus = libbpf_num_possible_cpus();
	if (ncpus <= 0)
		fatal("cannot count possible CPUs: %s", strerror(-ncpus));
}

/* ---- main --------------------------------------------------------------- */

static const struct daxstat_output_ops *out;
static struct snapshot start, prev, cur;

static void tick(bool last)
{
	struct snapshot d;

	/* Without rows, only the summary needs a read: the last one. */
	if (!out->row && !last)
		return;
	read_snapshot(&cur);
	if (out->row) {
		snap_delta(&cur, &prev, &d);
		out->row(&d, ts_diff(&cur.ts, &prev.ts));
	}
	prev = cur;
}

int main(int argc, char **argv)
{
	static const struct argp argp = { opts, parse_arg, NULL, doc, NULL, NULL, NULL };
	static const struct tool_start setup = {
		.name = "daxstat", .argp = &argp, .mount = &env.mount, .filter_dev = &filter_dev,
		.probes = &pr, .loader = &loader, .plan = plan,
	};
	static const struct tool_idle drain = { rec_drain, REC_DRAIN_S };
	struct snapshot d;
	int err;

	err = tool_start(&setup, argc, argv);
	if (err)
		return err;
	/* Attached: statfs() on each mount now shows fuse_statfs its window. */
	devs_start(filter_dev, bpf_map__fd(skel->maps.devs));
	if (rec_stream()) {
		/* --partial may have gone on without one. */
		rec_need(pr.attached, " attached");
		if (rec_opts.estimate) {
			struct dev_info d[DS_MAX_DEVS];

			estf_start(d, devs_read(d, DS_MAX_DEVS));
		}
		rec_start(bpf_map__fd(skel->maps.records), range_at_start());
	}
	json_c_set_serialization_double_format("%.3f", JSON_C_OPTION_GLOBAL);
	out = output_select();
	/* After the permission checks; the start snapshot below is the zero. */
	selfcost_enable();

	/* Signals are taken by tool_wait, which is also the interval timer;
	 * tool_start blocked them before any output's thread (HTTP) starts. */
	read_snapshot(&start);
	if (out->start)
		out->start(&start);

	notice("tracing %s (probes: %s, mode: %s)%s%s%s%s; %s",
	       env.mount ? env.mount : "all virtio-fs DAX mounts", probes_describe(&pr),
	       mode_name(), out->note ? out->note : "",
	       rec_opts.path ? ", recording to " : "", rec_opts.path ? rec_opts.path : "",
	       rec_opts.estimate ? ", estimating the window needed" : "",
	       env.count > 0 ? "ends after the count" : "Ctrl-C or SIGTERM ends with a summary");

	prev = start;
	if (out->header)
		out->header();
	/* The last read comes after detaching: the rows then add up to the
	 * summary, and the summary holds every event that completed. */
	tool_run(env.interval, env.count, &pr, &skel->bss->stopped, tick,
		 rec_stream() ? &drain : NULL);

	snap_delta(&cur, &start, &d);
	/* Detached: what is left in the ring is complete. */
	err = rec_finish(d.s.cnt[DS_C_REC_DROPPED]);
	out->summary(&d, ts_diff(&cur.ts, &start.ts));
	if (rec_opts.estimate && estf_unattributed())
		notice("%llu sampled references of mounts made after the start were not estimated",
		       (unsigned long long)estf_unattributed());
	estf_stop();
	daxstat_bpf__destroy(skel);
	if (err) {
		notice("writing the recording %s failed: %s", rec_opts.path, strerror(-err));
		return 1;
	}
	return 0;
}
