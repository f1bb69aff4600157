// SPDX-License-Identifier: GPL-2.0
/*
 * daxstat: virtio-fs DAX window statistics (fs/fuse/dax.c) from eBPF.
 *
 *   daxstat [-j|-c] [-m MOUNT] [-H] [--partial] [interval [count]]
 *   daxstat --prometheus[=ADDR:PORT]
 *
 * Loads bpf/daxstat.bpf.c (fentry/fexit on a stock fuse module), prints a
 * row of per-interval counters (table, JSON lines or CSV) and, on exit
 * (count reached, SIGINT or SIGTERM), totals and latency histograms. The
 * programs are detached before the last read, so the summary holds every
 * event. What the kernel cannot show is "unavailable": "-" in tables, null in
 * JSON, an empty CSV field, an absent Prometheus metric; never 0.
 */
#include <argp.h>
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <json-c/json.h>
#include <microhttpd.h>

#include "daxstat.h"
#include "daxstat.skel.h"

#define PROM_DEFAULT "127.0.0.1:9477"

static struct env {
	bool verbose, json, csv, hists, partial, prom;
	const char *mount;
	const char *probes;	/* auto, tracepoints or fentry */
	const char *prom_addr;
	double interval;
	long count;
} env = { .interval = 1.0, .count = -1, .probes = "auto" };

const char *argp_program_version = "daxstat 0.1 (daxscope)";
static const char doc[] =
	"daxstat: virtio-fs DAX window statistics (hits, new mappings, upgrades,\n"
	"reclaim, waits for a free range, file-extending writes) from eBPF.\n"
	"\n"
	"USAGE: daxstat [OPTIONS] [interval [count]]\n"
	"\n"
	"Prints a row every interval seconds (default 1) until count rows were\n"
	"printed or SIGINT/SIGTERM, then totals and log2 latency histograms.\n"
	"Values the kernel cannot provide are '-' (JSON null, empty CSV field).\n"
	"\n"
	"EXAMPLES:\n"
	"    daxstat                 # table every second, summary on Ctrl-C\n"
	"    daxstat -j 5            # JSON lines every 5 s\n"
	"    daxstat -m /mnt/share 1 10\n"
	"    daxstat --prometheus    # serve /metrics on " PROM_DEFAULT "\n";

enum { OPT_PARTIAL = 0x100, OPT_PROM, OPT_PROBES };

static const struct argp_option opts[] = {
	{ "json", 'j', NULL, 0, "JSON lines (one object per interval, then a summary)", 0 },
	{ "csv", 'c', NULL, 0, "CSV (header, one row per interval, a 'total' row)", 0 },
	{ "mount", 'm', "DIR", 0, "only this virtio-fs DAX mount point", 0 },
	{ "histograms", 'H', NULL, 0, "table mode: print histograms also when empty", 0 },
	{ "partial", OPT_PARTIAL, NULL, 0,
	  "trace what is attachable when some functions are not (the rest is unavailable)", 0 },
	{ "prometheus", OPT_PROM, "ADDR:PORT", OPTION_ARG_OPTIONAL,
	  "serve Prometheus metrics on http://ADDR:PORT/metrics (default " PROM_DEFAULT ")", 0 },
	{ "probes", OPT_PROBES, "KIND", 0,
	  "auto (default: the fuse_dax tracepoints of a patched module if present, else "
	  "fentry), tracepoints, or fentry", 0 },
	{ "verbose", 'v', NULL, 0, "print libbpf debug messages", 0 },
	{ NULL, 'h', NULL, OPTION_HIDDEN, "show this help", 0 },
	{},
};

static error_t parse_arg(int key, char *arg, struct argp_state *state)
{
	static int pos_args;
	char *end;

	switch (key) {
	case 'j': env.json = true; break;
	case 'c': env.csv = true; break;
	case 'm': env.mount = arg; break;
	case 'H': env.hists = true; break;
	case 'v': env.verbose = true; break;
	case OPT_PARTIAL: env.partial = true; break;
	case OPT_PROBES:
		if (strcmp(arg, "auto") && strcmp(arg, "tracepoints") && strcmp(arg, "fentry"))
			argp_error(state, "--probes takes auto, tracepoints or fentry, not %s", arg);
		env.probes = arg;
		break;
	case OPT_PROM:
		env.prom = true;
		env.prom_addr = arg ? arg : PROM_DEFAULT;
		break;
	case 'h': argp_state_help(state, stderr, ARGP_HELP_STD_HELP); break;
	case ARGP_KEY_ARG:
		errno = 0;
		if (pos_args == 0) {
			env.interval = strtod(arg, &end);
			if (errno || *end || !(env.interval >= 0.01) || env.interval > 86400)
				argp_error(state, "invalid interval: %s", arg);
		} else if (pos_args == 1) {
			env.count = strtol(arg, &end, 10);
			if (errno || *end || env.count <= 0)
				argp_error(state, "invalid count: %s", arg);
		} else {
			argp_error(state, "unexpected argument: %s", arg);
		}
		pos_args++;
		break;
	case ARGP_KEY_END:
		if (env.json && env.csv)
			argp_error(state, "-j and -c exclude each other");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

/* One line on stderr, prefixed, and exit 1 (the caller's cleanup is moot). */
static void __attribute__((noreturn, format(printf, 1, 2))) fatal(const char *fmt, ...)
{
	va_list ap;

	fputs("daxstat: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* ---- what is traced, and what depends on what ------------------------- */

enum ds_func {
	F_IOMAP, F_ALLOC, F_SETUP, F_REMOVE, F_REINIT, F_WORKER, F_WRITE, F_FAULT, F_EVICT, F_NR,
	F_TP = F_NR,	/* the patched module's fuse_dax tracepoints */
	F_NEVER,	/* never attached: not available in that mode */
};

static const char *const func_names[F_NR] = {
	[F_IOMAP] = "fuse_iomap_begin",
	[F_ALLOC] = "alloc_dax_mapping",
	[F_SETUP] = "fuse_setup_one_mapping",
	[F_REMOVE] = "fuse_send_removemapping",
	[F_REINIT] = "dmap_reinit_add_to_free_pool",
	[F_WORKER] = "fuse_dax_free_mem_worker",
	[F_WRITE] = "fuse_dax_write_iter",
	[F_FAULT] = "__fuse_dax_fault",
	[F_EVICT] = "fuse_dax_inode_cleanup",
};

/* What is lost without a function, for the error line. */
static const char *const func_loses[F_NR] = {
	[F_IOMAP] = "hits, holes, iomap_begin latency, inline reclaim and waits",
	[F_ALLOC] = "no-free-range counts, waits and free ranges",
	[F_SETUP] = "new mappings, upgrades, hits and setup latency",
	[F_REMOVE] = "removed ranges, reclaim counts and their latency",
	[F_REINIT] = "ranges put back on the free list",
	[F_WORKER] = "background reclaim",
	[F_WRITE] = "file-extending writes",
	[F_FAULT] = "DAX fault counts",
	[F_EVICT] = "evictions told apart from reclaim (so reclaim counts)",
};

#define B(f) (1u << (f))

struct counter_def {
	const char *name;	/* JSON/CSV key; Prometheus daxscope_dax_<name>_total */
	const char *label;	/* table summary */
	const char *help;	/* Prometheus HELP */
	unsigned int deps;	/* what it needs on a stock module (fentry) */
	unsigned int tdeps;	/* ... with the fuse_dax tracepoints */
};

static const struct counter_def counters[DS_NR_CNT] = {
	[DS_C_IOMAP_BEGIN] = { "iomap_begin", "iomap_begin calls", "fuse_iomap_begin calls", B(F_IOMAP), B(F_TP) },
	[DS_C_MAPPED] = { "mapped", "mapped extents", "iomap_begin calls that returned a mapped extent", B(F_IOMAP), B(F_TP) },
	[DS_C_HIT] = { "hits", "window hits", "iomap_begin calls served from an existing mapping", B(F_IOMAP) | B(F_SETUP), B(F_TP) },
	[DS_C_HOLE] = { "holes", "holes", "iomap_begin calls that returned a hole", B(F_IOMAP), B(F_TP) },
	[DS_C_IOMAP_ERR] = { "iomap_errors", "iomap_begin errors", "iomap_begin calls that failed", B(F_IOMAP), B(F_TP) },
	[DS_C_SETUP_NEW] = { "new_mappings", "new mappings", "FUSE_SETUPMAPPING requests for a new range that succeeded", B(F_SETUP), B(F_TP) },
	[DS_C_SETUP_UPGRADE] = { "upgrades", "upgrades ro->rw", "FUSE_SETUPMAPPING upgrades of a read-only range to writable that succeeded", B(F_SETUP), B(F_TP) },
	[DS_C_SETUP_ERR] = { "setup_errors", "setup errors", "FUSE_SETUPMAPPING requests that failed", B(F_SETUP), B(F_TP) },
	[DS_C_RM_REQ] = { "remove_requests", "removemapping requests", "FUSE_REMOVEMAPPING requests", B(F_REMOVE), B(F_TP) },
	[DS_C_RM_RANGES] = { "removed_ranges", "removed ranges", "ranges in FUSE_REMOVEMAPPING requests", B(F_REMOVE), B(F_TP) },
	[DS_C_RM_ERR] = { "remove_errors", "removemapping errors", "FUSE_REMOVEMAPPING requests that failed", B(F_REMOVE), B(F_TP) },
	[DS_C_RECLAIM_INLINE] = { "reclaim_inline", "reclaimed inline", "ranges reclaimed inline by the task that needed a range", B(F_REMOVE) | B(F_IOMAP) | B(F_EVICT), B(F_TP) },
	[DS_C_RECLAIM_BG] = { "reclaim_background", "reclaimed by worker", "ranges reclaimed by the background worker", B(F_REMOVE) | B(F_WORKER) | B(F_EVICT), B(F_TP) },
	[DS_C_RM_EVICT] = { "evicted_ranges", "removed at eviction", "ranges removed when their inode was evicted", B(F_REMOVE) | B(F_EVICT), B(F_TP) | B(F_EVICT) },
	[DS_C_BG_RUNS] = { "reclaim_worker_runs", "worker runs", "runs of the background reclaim worker", B(F_WORKER), B(F_WORKER) },
	[DS_C_FREED] = { "freed_ranges", "back on free list", "ranges returned to the free list by the worker or eviction", B(F_REINIT), B(F_TP) },
	[DS_C_NOSPACE_FAULT] = { "no_free_range_fault", "no free range (fault)", "faults that found no free range", B(F_ALLOC) | B(F_IOMAP), B(F_NEVER) },
	[DS_C_NOSPACE_RW] = { "no_free_range_rw", "no free range (r/w)", "reads and writes that found no free range", B(F_ALLOC) | B(F_IOMAP), B(F_NEVER) },
	[DS_C_WAIT] = { "free_range_waits", "waits for a free range", "retries after finding no free range", B(F_ALLOC) | B(F_IOMAP), B(F_TP) },
	[DS_C_EXT_WRITE] = { "extending_writes", "extending writes", "file-extending writes sent as FUSE_WRITE, bypassing DAX", B(F_WRITE), B(F_TP) },
	[DS_C_EXT_BYTES] = { "extending_write_bytes", "extending write bytes", "bytes written by file-extending writes", B(F_WRITE), B(F_TP) },
	[DS_C_RECLAIM_SKIP] = { "reclaim_skipped", "reclaims that freed nothing", "reclaim attempts that found the range in use or gone, or failed", B(F_NEVER), B(F_TP) },
	[DS_C_FAULT] = { "faults", "DAX faults", "DAX page faults", B(F_FAULT), B(F_FAULT) },
	[DS_C_FAULT_WRITE] = { "write_faults", "DAX write faults", "DAX page faults for writing", B(F_FAULT), B(F_FAULT) },
	[DS_C_DROPPED] = { "dropped", "dropped events", "events lost by daxstat", 0, 0 },
};

struct hist_def {
	const char *name;
	const char *help;
	unsigned int deps, tdeps;
};

static const struct hist_def hists[DS_NR_HIST] = {
	[DS_H_IOMAP_BEGIN] = { "iomap_begin", "fuse_iomap_begin latency", B(F_IOMAP), B(F_IOMAP) },
	[DS_H_SETUP] = { "setup", "FUSE_SETUPMAPPING latency", B(F_SETUP), B(F_TP) },
	[DS_H_REMOVE] = { "removemapping", "FUSE_REMOVEMAPPING latency", B(F_REMOVE), B(F_TP) },
	[DS_H_RECLAIM_INLINE] = { "reclaim_inline", "inline reclaim latency, from finding no free range to the range removed", B(F_REMOVE) | B(F_IOMAP) | B(F_ALLOC) | B(F_EVICT), B(F_TP) },
	[DS_H_RECLAIM_BG] = { "reclaim_background", "background worker time per reclaimed range", B(F_REMOVE) | B(F_WORKER) | B(F_EVICT), B(F_TP) },
	[DS_H_BG_RUN] = { "reclaim_worker_run", "duration of one background reclaim worker run", B(F_WORKER), B(F_WORKER) },
	[DS_H_WAIT] = { "free_range_wait", "wait for a free range, from finding none to the next attempt", B(F_ALLOC) | B(F_IOMAP), B(F_TP) },
};

/* Interval table columns. */
static const int row_cols[] = {
	DS_C_HIT, DS_C_SETUP_NEW, DS_C_SETUP_UPGRADE, DS_C_RM_RANGES, DS_C_RECLAIM_INLINE,
	DS_C_RECLAIM_BG, DS_C_WAIT, DS_C_EXT_WRITE, DS_C_FAULT,
};
static const char *const row_heads[] = {
	"HITS", "NEW", "UPGR", "RM_RNG", "RCL_IN", "RCL_BG", "WAIT", "EXT_WR", "FAULTS",
};

static unsigned int attached;		/* B(func) of attached functions */
static bool tp_mode;			/* counting from the fuse_dax tracepoints */
static const char *probe_kind = "stock fentry/fexit";

static bool deps_met(unsigned int deps) { return (deps & attached) == deps; }
static bool cnt_avail(int c) { return deps_met(tp_mode ? counters[c].tdeps : counters[c].deps); }
static bool hist_avail(int h) { return deps_met(tp_mode ? hists[h].tdeps : hists[h].deps); }
/* Free/total ranges: from alloc_dax_mapping, or the fuse_dax_ranges event. */
static bool gauge_avail(void) { return attached & B(tp_mode ? F_TP : F_ALLOC); }

/* ---- reading the maps ------------------------------------------------- */

static struct daxstat_bpf *skel;
static int ncpus;
static struct bpf_link *links[48];
static int nlinks;

struct snapshot {
	struct ds_stats s;
	bool conn_seen;
	long long nr_free;
	unsigned long long nr_ranges;
	unsigned long long recursion_misses;
	struct timespec ts;
};

static void read_snapshot(struct snapshot *snap)
{
	struct ds_stats *percpu;
	struct bpf_program *prog;
	__u64 key = 0, next;
	struct ds_conn c;
	__u32 zero = 0;
	int fd, i, j, h;

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
	bpf_object__for_each_program(prog, skel->obj) {
		struct bpf_prog_info info = {};
		__u32 len = sizeof(info);

		if (bpf_program__fd(prog) < 0)
			continue;
		if (bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &len) == 0)
			snap->recursion_misses += info.recursion_misses;
	}
	snap->s.cnt[DS_C_DROPPED] += snap->recursion_misses;
}

static double ts_diff(const struct timespec *a, const struct timespec *b)
{
	return (a->tv_sec - b->tv_sec) + (a->tv_nsec - b->tv_nsec) / 1e9;
}

/* ---- output: table, JSON lines, CSV ----------------------------------- */

static void fmt_time(const struct timespec *ts, char *buf, size_t len)
{
	struct tm tm;

	localtime_r(&ts->tv_sec, &tm);
	strftime(buf, len, "%H:%M:%S", &tm);
}

static void iso_time(const struct timespec *ts, char *buf, size_t len)
{
	struct tm tm;
	size_t n;

	gmtime_r(&ts->tv_sec, &tm);
	n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, len - n, ".%03ldZ", ts->tv_nsec / 1000000);
}

static void print_table_header(void)
{
	size_t i;

	printf("%-8s", "TIME");
	for (i = 0; i < sizeof(row_cols) / sizeof(row_cols[0]); i++)
		printf(" %8s", row_heads[i]);
	printf(" %11s %6s\n", "FREE/TOTAL", "DROP");
}

static void print_table_row(const char *when, const struct ds_stats *d, const struct snapshot *cur)
{
	char buf[32];
	size_t i;

	printf("%-8s", when);
	for (i = 0; i < sizeof(row_cols) / sizeof(row_cols[0]); i++) {
		if (cnt_avail(row_cols[i]))
			printf(" %8llu", (unsigned long long)d->cnt[row_cols[i]]);
		else
			printf(" %8s", "-");
	}
	if (cur->conn_seen && gauge_avail())
		snprintf(buf, sizeof(buf), "%lld/%llu", cur->nr_free, cur->nr_ranges);
	else
		snprintf(buf, sizeof(buf), "-");
	printf(" %11s %6llu\n", buf, (unsigned long long)d->cnt[DS_C_DROPPED]);
	fflush(stdout);
}

static json_object *json_counters(const struct ds_stats *d)
{
	json_object *o = json_object_new_object();
	int c;

	for (c = 0; c < DS_NR_CNT; c++)
		json_object_object_add(o, counters[c].name,
				       cnt_avail(c) ? json_object_new_uint64(d->cnt[c]) : NULL);
	return o;
}

static void json_gauges(json_object *o, const struct snapshot *cur)
{
	bool ok = cur->conn_seen && gauge_avail();

	json_object_object_add(o, "free_ranges", ok ? json_object_new_int64(cur->nr_free) : NULL);
	json_object_object_add(o, "window_ranges", ok ? json_object_new_uint64(cur->nr_ranges) : NULL);
}

static void json_emit(json_object *o)
{
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	fflush(stdout);
	json_object_put(o);
}

static void print_json_row(const struct ds_stats *d, const struct snapshot *cur, double secs)
{
	json_object *o = json_object_new_object();
	char buf[40];

	iso_time(&cur->ts, buf, sizeof(buf));
	json_object_object_add(o, "type", json_object_new_string("interval"));
	json_object_object_add(o, "time", json_object_new_string(buf));
	json_object_object_add(o, "interval_s", json_object_new_double(secs));
	json_object_object_add(o, "counters", json_counters(d));
	json_gauges(o, cur);
	json_emit(o);
}

static void print_csv_header(void)
{
	int c;

	printf("time,interval_s");
	for (c = 0; c < DS_NR_CNT; c++)
		printf(",%s", counters[c].name);
	printf(",free_ranges,window_ranges\n");
}

static void print_csv_row(const char *when, const struct ds_stats *d, const struct snapshot *cur,
			  double secs)
{
	int c;

	printf("%s,%.3f", when, secs);
	for (c = 0; c < DS_NR_CNT; c++) {
		if (cnt_avail(c))
			printf(",%llu", (unsigned long long)d->cnt[c]);
		else
			printf(",");
	}
	if (cur->conn_seen && gauge_avail())
		printf(",%lld,%llu\n", cur->nr_free, cur->nr_ranges);
	else
		printf(",,\n");
	fflush(stdout);
}

static __u64 hist_count(const struct ds_hist_data *h)
{
	__u64 n = 0;
	int i;

	for (i = 0; i < DS_HIST_SLOTS; i++)
		n += h->slot[i];
	return n;
}

/* Slot i holds [2^i, 2^(i+1)) ns (slot 0 also 0 ns). */
static void print_hist_table(const struct ds_hist_data *h)
{
	int i, first = -1, last = -1, j, stars;
	__u64 max = 0;

	for (i = 0; i < DS_HIST_SLOTS; i++) {
		if (!h->slot[i])
			continue;
		if (first < 0)
			first = i;
		last = i;
		if (h->slot[i] > max)
			max = h->slot[i];
	}
	printf("  %27s : %-10s %s\n", "nsecs", "count", "distribution");
	for (i = first; i <= last; i++) {
		unsigned long long lo = i ? 1ULL << i : 0;
		unsigned long long hi = i < 63 ? (1ULL << (i + 1)) - 1 : ~0ULL;
		char range[48];

		snprintf(range, sizeof(range), "%llu -> %llu", lo, hi);
		stars = max ? (int)(h->slot[i] * 40 / max) : 0;
		printf("  %27s : %-10llu |", range, (unsigned long long)h->slot[i]);
		for (j = 0; j < 40; j++)
			putchar(j < stars ? '*' : ' ');
		printf("|\n");
	}
}

static void print_summary_table(const struct snapshot *cur, double secs)
{
	int c, h;

	printf("\ndaxstat summary: %.1f s, %s, probes: %s\n", secs,
	       env.mount ? env.mount : "all DAX mounts", probe_kind);
	for (c = 0; c < DS_NR_CNT; c++) {
		if (cnt_avail(c))
			printf("  %-26s %llu\n", counters[c].label,
			       (unsigned long long)cur->s.cnt[c]);
		else
			printf("  %-26s -\n", counters[c].label);
	}
	if (cur->conn_seen && gauge_avail())
		printf("  %-26s %lld of %llu\n", "free ranges (last seen)", cur->nr_free,
		       cur->nr_ranges);
	else
		printf("  %-26s -\n", "free ranges (last seen)");
	for (h = 0; h < DS_NR_HIST; h++) {
		const struct ds_hist_data *d = &cur->s.hist[h];
		__u64 n = hist_count(d);

		if (!hist_avail(h)) {
			printf("\n%s: -\n", hists[h].help);
			continue;
		}
		if (!n) {
			if (env.hists)
				printf("\n%s: no events\n", hists[h].help);
			continue;
		}
		printf("\n%s (%llu events, average %.1f us):\n", hists[h].help,
		       (unsigned long long)n, d->sum_ns / 1000.0 / n);
		print_hist_table(d);
	}
	fflush(stdout);
}

static void print_summary_json(const struct snapshot *cur, double secs)
{
	json_object *o = json_object_new_object(), *hs = json_object_new_object();
	json_object *un = json_object_new_array();
	int c, h, i;

	json_object_object_add(o, "type", json_object_new_string("summary"));
	json_object_object_add(o, "duration_s", json_object_new_double(secs));
	json_object_object_add(o, "mount", env.mount ? json_object_new_string(env.mount) : NULL);
	json_object_object_add(o, "probes", json_object_new_string(probe_kind));
	json_object_object_add(o, "counters", json_counters(&cur->s));
	json_gauges(o, cur);
	for (h = 0; h < DS_NR_HIST; h++) {
		const struct ds_hist_data *d = &cur->s.hist[h];
		json_object *jh, *buckets;

		if (!hist_avail(h)) {
			json_object_object_add(hs, hists[h].name, NULL);
			continue;
		}
		jh = json_object_new_object();
		buckets = json_object_new_array();
		json_object_object_add(jh, "count", json_object_new_uint64(hist_count(d)));
		json_object_object_add(jh, "sum_ns", json_object_new_uint64(d->sum_ns));
		/* Non-empty log2 buckets: [lo_ns, hi_ns) and their count. */
		for (i = 0; i < DS_HIST_SLOTS; i++) {
			json_object *b;

			if (!d->slot[i])
				continue;
			b = json_object_new_object();
			json_object_object_add(b, "lo_ns", json_object_new_uint64(i ? 1ULL << i : 0));
			json_object_object_add(b, "hi_ns", json_object_new_uint64(i < 63 ? 1ULL << (i + 1) : UINT64_MAX));
			json_object_object_add(b, "count", json_object_new_uint64(d->slot[i]));
			json_object_array_add(buckets, b);
		}
		json_object_object_add(jh, "buckets", buckets);
		json_object_object_add(hs, hists[h].name, jh);
	}
	json_object_object_add(o, "histograms", hs);
	for (c = 0; c < DS_NR_CNT; c++)
		if (!cnt_avail(c))
			json_object_array_add(un, json_object_new_string(counters[c].name));
	json_object_object_add(o, "unavailable", un);
	json_emit(o);
}

/* ---- Prometheus exporter ---------------------------------------------- */

static pthread_mutex_t scrape_lock = PTHREAD_MUTEX_INITIALIZER;

static void prom_counter(FILE *f, int c, __u64 v)
{
	const char *name = counters[c].name;

	if (c == DS_C_DROPPED) {
		fprintf(f, "# HELP daxscope_daxstat_dropped_events_total %s\n"
			"# TYPE daxscope_daxstat_dropped_events_total counter\n"
			"daxscope_daxstat_dropped_events_total %llu\n", counters[c].help,
			(unsigned long long)v);
		return;
	}
	fprintf(f, "# HELP daxscope_dax_%s_total %s\n# TYPE daxscope_dax_%s_total counter\n"
		"daxscope_dax_%s_total %llu\n", name, counters[c].help, name, name,
		(unsigned long long)v);
}

/* Buckets le = 2^k ns for k = 10..36 (about 1 us to 69 s), then +Inf. */
static void prom_hist(FILE *f, int h, const struct ds_hist_data *d)
{
	const char *name = hists[h].name;
	__u64 cum = 0;
	int k, i = 0;

	fprintf(f, "# HELP daxscope_dax_%s_seconds %s\n# TYPE daxscope_dax_%s_seconds histogram\n",
		name, hists[h].help, name);
	for (k = 10; k <= 36; k++) {
		/* slot i is below 2^k ns when i + 1 <= k */
		for (; i < DS_HIST_SLOTS && i + 1 <= k; i++)
			cum += d->slot[i];
		fprintf(f, "daxscope_dax_%s_seconds_bucket{le=\"%.9g\"} %llu\n", name,
			ldexp(1, k) / 1e9, (unsigned long long)cum);
	}
	fprintf(f, "daxscope_dax_%s_seconds_bucket{le=\"+Inf\"} %llu\n", name,
		(unsigned long long)hist_count(d));
	fprintf(f, "daxscope_dax_%s_seconds_sum %.9f\n", name, d->sum_ns / 1e9);
	fprintf(f, "daxscope_dax_%s_seconds_count %llu\n", name, (unsigned long long)hist_count(d));
}

static char *prom_render(size_t *len)
{
	struct snapshot snap;
	char *buf = NULL;
	FILE *f;
	int c, h;

	f = open_memstream(&buf, len);
	if (!f)
		return NULL;
	pthread_mutex_lock(&scrape_lock);
	read_snapshot(&snap);
	pthread_mutex_unlock(&scrape_lock);
	/* Unavailable values are left out: absent means unknown. */
	for (c = 0; c < DS_NR_CNT; c++)
		if (cnt_avail(c))
			prom_counter(f, c, snap.s.cnt[c]);
	if (snap.conn_seen && gauge_avail()) {
		fprintf(f, "# HELP daxscope_dax_free_ranges Free DAX window ranges, as last seen by a probe\n"
			"# TYPE daxscope_dax_free_ranges gauge\ndaxscope_dax_free_ranges %lld\n",
			snap.nr_free);
		fprintf(f, "# HELP daxscope_dax_window_ranges DAX window ranges in all\n"
			"# TYPE daxscope_dax_window_ranges gauge\ndaxscope_dax_window_ranges %llu\n",
			snap.nr_ranges);
	}
	for (h = 0; h < DS_NR_HIST; h++)
		if (hist_avail(h))
			prom_hist(f, h, &snap.s.hist[h]);
	fclose(f);
	return buf;
}

static enum MHD_Result prom_handler(void *cls, struct MHD_Connection *conn, const char *url,
				    const char *method, const char *version,
				    const char *upload_data, size_t *upload_size, void **ptr)
{
	static const char not_found[] = "not found: try /metrics\n";
	struct MHD_Response *resp;
	enum MHD_Result ret;
	unsigned int status = MHD_HTTP_OK;
	size_t len;
	char *body;

	(void)cls; (void)version; (void)upload_data; (void)upload_size; (void)ptr;
	if (strcmp(method, "GET") && strcmp(method, "HEAD"))
		return MHD_NO;
	if (strcmp(url, "/metrics") == 0 && (body = prom_render(&len))) {
		resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
		MHD_add_response_header(resp, "Content-Type", "text/plain; version=0.0.4; charset=utf-8");
	} else {
		status = MHD_HTTP_NOT_FOUND;
		resp = MHD_create_response_from_buffer(sizeof(not_found) - 1, (void *)not_found,
						       MHD_RESPMEM_PERSISTENT);
	}
	ret = MHD_queue_response(conn, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* ADDR:PORT with an IPv4 address or [IPv6]; loopback unless told otherwise. */
static struct MHD_Daemon *prom_start(const char *spec)
{
	static struct sockaddr_storage ss;
	char host[INET6_ADDRSTRLEN + 2];
	const char *colon = strrchr(spec, ':');
	unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD;
	struct MHD_Daemon *d;
	long port;
	char *end;
	size_t hl;

	if (!colon || colon == spec)
		fatal("bad --prometheus address '%s' (want ADDR:PORT, e.g. %s)", spec, PROM_DEFAULT);
	port = strtol(colon + 1, &end, 10);
	if (*end || port <= 0 || port > 65535)
		fatal("bad port in --prometheus '%s'", spec);
	hl = colon - spec;
	if (hl >= sizeof(host))
		fatal("bad address in --prometheus '%s'", spec);
	memcpy(host, spec, hl);
	host[hl] = 0;
	memset(&ss, 0, sizeof(ss));
	if (host[0] == '[' && host[hl - 1] == ']') {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		host[hl - 1] = 0;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		if (inet_pton(AF_INET6, host + 1, &s6->sin6_addr) != 1)
			fatal("bad IPv6 address in --prometheus '%s'", spec);
		flags |= MHD_USE_IPv6;
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		if (inet_pton(AF_INET, host, &s4->sin_addr) != 1)
			fatal("bad IPv4 address in --prometheus '%s'", spec);
	}
	d = MHD_start_daemon(flags, (uint16_t)port, NULL, NULL, prom_handler, NULL,
			     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
			     MHD_OPTION_CONNECTION_LIMIT, 16U,
			     MHD_OPTION_CONNECTION_TIMEOUT, 10U, MHD_OPTION_END);
	if (!d)
		fatal("cannot serve Prometheus metrics on %s (address in use or not local?); "
		      "the table/JSON modes still work", spec);
	return d;
}

/* ---- environment checks ---------------------------------------------- */

/* Unescape the octal escapes of /proc/self/mountinfo (\040 = space). */
static void unescape(char *s)
{
	char *d = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*d++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 4;
		} else {
			*d++ = *s++;
		}
	}
	*d = 0;
}

static bool has_dax_opt(const char *opts)
{
	return strstr(opts, "dax=always") || strstr(opts, "dax=inode");
}

/*
 * Finds virtio-fs DAX mounts. With -m, that one must be one; its device
 * number is returned in kernel form (MAJOR << 20 | MINOR) for the filter.
 */
static __u32 check_mounts(void)
{
	char line[4096], want[PATH_MAX] = "";
	FILE *f = fopen("/proc/self/mountinfo", "re");
	int ndax = 0;
	bool found = false, found_dax = false;
	struct stat st;

	if (!f)
		fatal("cannot read /proc/self/mountinfo: %s", strerror(errno));
	if (env.mount && !realpath(env.mount, want))
		fatal("mount point %s: %s", env.mount, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		/* id parent maj:min root mountpoint opts [optional...] - fstype source superopts */
		char *fields[8], *sep = strstr(line, " - "), *save, *p;
		char *mnt, *fstype, *superopts;
		int n = 0;

		if (!sep)
			continue;
		*sep = 0;
		for (p = strtok_r(line, " ", &save); p && n < 8; p = strtok_r(NULL, " ", &save))
			fields[n++] = p;
		if (n < 5)
			continue;
		mnt = fields[4];
		fstype = strtok_r(sep + 3, " ", &save);
		strtok_r(NULL, " ", &save); /* source */
		superopts = strtok_r(NULL, " \n", &save);
		if (!fstype || !superopts || strcmp(fstype, "virtiofs"))
			continue;
		unescape(mnt);
		if (has_dax_opt(superopts) || has_dax_opt(fields[5]))
			ndax++;
		else if (!env.mount || strcmp(mnt, want))
			continue;
		if (env.mount && !strcmp(mnt, want)) {
			found = true;
			found_dax = has_dax_opt(superopts) || has_dax_opt(fields[5]);
		}
	}
	fclose(f);
	if (env.mount) {
		if (!found)
			fatal("%s is not a virtio-fs mount (see /proc/self/mountinfo); "
			      "run without -m to trace all DAX mounts", want);
		if (!found_dax)
			fatal("%s is a virtio-fs mount without DAX (no dax=always or dax=inode): "
			      "its I/O goes through FUSE requests, daxstat has nothing to count there", want);
		if (stat(want, &st))
			fatal("stat %s: %s", want, strerror(errno));
		return (major(st.st_dev) << 20) | minor(st.st_dev);
	}
	if (!ndax)
		fatal("no virtio-fs DAX mount (no virtiofs with dax=always or dax=inode in "
		      "/proc/self/mountinfo): nothing to trace; mount one first, "
		      "e.g. mount -t virtiofs -o dax=always TAG DIR");
	return 0;
}

static bool hidden_for_test(const char *func)
{
	/* Test hook: pretend these functions were inlined away (comma list). */
	const char *h = getenv("DAXSTAT_TEST_HIDE_FUNCS");
	size_t n = strlen(func);

	while (h && *h) {
		if (!strncmp(h, func, n) && (h[n] == ',' || h[n] == 0))
			return true;
		h = strchr(h, ',');
		if (h)
			h++;
	}
	return false;
}

/*
 * Which functions the fuse module exposes. A function gcc inlined has no
 * BTF FUNC (pahole only emits functions with a symbol) and no fentry.
 */
static bool fuse_has_btf(void)
{
	return access("/sys/kernel/btf/fuse", R_OK) == 0;
}

static void need_btf(void)
{
	if (access("/sys/kernel/btf/vmlinux", R_OK))
		fatal("the kernel has no BTF (/sys/kernel/btf/vmlinux missing): CO-RE and "
		      "fentry need CONFIG_DEBUG_INFO_BTF; DAX itself is unaffected");
	if (access("/sys/module/fuse", F_OK))
		fatal("the fuse module is not loaded (/sys/module/fuse missing): "
		      "no virtio-fs mount can exist; nothing to trace");
}

/*
 * Does the fuse module have the fuse_dax tracepoints (kernel/patches)? Its
 * BTF has the btf_trace_ typedef; without BTF, tracefs or kallsyms tell.
 */
static bool fuse_has_tracepoints(void)
{
	static const char *const dirs[] = { "/sys/kernel/tracing/events/fuse_dax",
					    "/sys/kernel/debug/tracing/events/fuse_dax" };
	char line[512];
	bool found = false;
	size_t i;
	FILE *f;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (access(dirs[i], F_OK) == 0)
			return true;
	if (fuse_has_btf()) {
		struct btf *vmlinux = btf__load_vmlinux_btf(), *fuse;

		fuse = vmlinux ? btf__load_module_btf("fuse", vmlinux) : NULL;
		found = fuse && btf__find_by_name_kind(fuse, "btf_trace_fuse_dax_iomap",
						      BTF_KIND_TYPEDEF) > 0;
		btf__free(fuse);
		btf__free(vmlinux);
		if (found)
			return true;
	}
	f = fopen("/proc/kallsyms", "re");
	while (f && !found && fgets(line, sizeof(line), f))
		found = strstr(line, " __tracepoint_fuse_dax_iomap") != NULL;
	if (f)
		fclose(f);
	return found;
}

/*
 * Which functions the fuse module exposes. A function gcc inlined has no
 * BTF FUNC (pahole only emits functions with a symbol) and no fentry.
 */
static unsigned int check_functions(void)
{
	struct btf *vmlinux, *fuse;
	unsigned int have = 0;
	int f;

	if (!fuse_has_btf())
		fatal("the fuse module has no BTF (/sys/kernel/btf/fuse missing): fentry/fexit "
		      "and CO-RE cannot reach its functions and types; load a fuse.ko built with "
		      "BTF (CONFIG_DEBUG_INFO_BTF_MODULES); DAX I/O itself is unaffected");
	vmlinux = btf__load_vmlinux_btf();
	if (!vmlinux)
		fatal("cannot read the kernel's BTF: %s", strerror(errno));
	fuse = btf__load_module_btf("fuse", vmlinux);
	if (!fuse)
		fatal("cannot read the fuse module's BTF (/sys/kernel/btf/fuse): %s", strerror(errno));
	for (f = 0; f < F_NR; f++)
		if (!hidden_for_test(func_names[f]) &&
		    btf__find_by_name_kind(fuse, func_names[f], BTF_KIND_FUNC) > 0)
			have |= B(f);
	btf__free(fuse);
	btf__free(vmlinux);
	return have;
}

static struct bpf_program **func_progs(enum ds_func f, struct bpf_program **p)
{
	__typeof__(skel->progs) *pr = &skel->progs;

	p[0] = p[1] = NULL;
	switch (f) {
	case F_IOMAP: p[0] = pr->iomap_begin_enter; p[1] = pr->iomap_begin_exit; break;
	case F_ALLOC: p[0] = pr->alloc_enter; p[1] = pr->alloc_exit; break;
	case F_SETUP: p[0] = pr->setup_enter; p[1] = pr->setup_exit; break;
	case F_REMOVE: p[0] = pr->remove_enter; p[1] = pr->remove_exit; break;
	case F_REINIT: p[0] = pr->reinit_exit; break;
	case F_WORKER: p[0] = pr->worker_enter; p[1] = pr->worker_exit; break;
	case F_WRITE: p[0] = pr->write_enter; p[1] = pr->write_exit; break;
	case F_FAULT: p[0] = pr->fault_enter; break;
	case F_EVICT: p[0] = pr->evict_enter; p[1] = pr->evict_exit; break;
	default: break;
	}
	return p;
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list args)
{
	if (level == LIBBPF_DEBUG && !env.verbose)
		return 0;
	if (level == LIBBPF_INFO && !env.verbose)
		return 0;
	return vfprintf(stderr, fmt, args);
}

static void perm_fatal(int err)
{
	fatal("not permitted to load BPF programs (%s; needs root, or CAP_BPF with "
	      "CAP_PERFMON): nothing was attached and the system is unchanged",
	      strerror(err));
}

static void detach_all(void)
{
	struct timespec grace = { 0, 50 * 1000 * 1000 };
	int i;

	/* Stop new events, let calls in flight finish (a FUSE round trip is
	 * well under 50 ms), then detach: no event is cut in half. */
	skel->bss->stopped = 1;
	nanosleep(&grace, NULL);

	for (i = 0; i < nlinks; i++)
		bpf_link__destroy(links[i]);
	nlinks = 0;
}

/* One interval: the difference of two snapshots, in the chosen format. */
static void print_row(const struct snapshot *prev, const struct snapshot *cur)
{
	struct ds_stats d;
	char when[16];
	double secs;
	int c;

	memset(&d, 0, sizeof(d));
	for (c = 0; c < DS_NR_CNT; c++)
		d.cnt[c] = cur->s.cnt[c] - prev->s.cnt[c];
	secs = ts_diff(&cur->ts, &prev->ts);
	fmt_time(&cur->ts, when, sizeof(when));
	if (env.json)
		print_json_row(&d, cur, secs);
	else if (env.csv)
		print_csv_row(when, &d, cur, secs);
	else
		print_table_row(when, &d, cur);
}

/* ---- main --------------------------------------------------------------- */

int main(int argc, char **argv)
{
	static const struct argp argp = { opts, parse_arg, NULL, doc, NULL, NULL, NULL };
	struct snapshot start, prev, cur;
	struct bpf_program *p[2];
	struct MHD_Daemon *httpd = NULL;
	unsigned int have, missing, want;
	struct bpf_program *prog;
	bool tp_btf = false;
	struct timespec wait;
	sigset_t sigs;
	long rows = 0;
	__u32 dev;
	int f, i, err, sig;

	err = argp_parse(&argp, argc, argv, 0, NULL, NULL);
	if (err)
		return err;
	libbpf_set_print(libbpf_print);
	json_c_set_serialization_double_format("%.3f", JSON_C_OPTION_GLOBAL);

	dev = check_mounts();
	need_btf();
	if (strcmp(env.probes, "fentry")) {
		tp_mode = fuse_has_tracepoints();
		if (!tp_mode && !strcmp(env.probes, "tracepoints"))
			fatal("the fuse module has no fuse_dax tracepoints (a stock module; "
			      "kernel/patches adds them): run without --probes=tracepoints "
			      "to use fentry/fexit");
	}
	if (tp_mode) {
		/* Tracepoints count; fentry, where there is BTF, adds the
		 * iomap_begin latency, worker runs, faults and evictions. */
		tp_btf = fuse_has_btf();
		want = tp_btf ? check_functions() &
				(B(F_IOMAP) | B(F_WORKER) | B(F_FAULT) | B(F_EVICT)) : 0;
		probe_kind = tp_btf ? "fuse_dax tracepoints (tp_btf) + fentry/fexit"
				    : "fuse_dax tracepoints (raw_tp)";
		if (!tp_btf)
			fprintf(stderr, "daxstat: the fuse module has no BTF: counting from raw "
				"tracepoints; iomap_begin latency, evictions, worker runs and "
				"faults unavailable\n");
		have = want;
	} else {
		have = check_functions();
		missing = (B(F_NR) - 1) & ~have;
		if (missing && !env.partial) {
			for (f = 0; !(missing & B(f)); f++)
				;
			fatal("%s is not attachable in this fuse module (inlined away?): %s would "
			      "be unknown; rerun with --partial to trace the rest (reported as "
			      "unavailable)", func_names[f], func_loses[f]);
		}
		for (f = 0; f < F_NR; f++)
			if (missing & B(f))
				fprintf(stderr, "daxstat: %s not attachable: %s unavailable\n",
					func_names[f], func_loses[f]);
	}

	ncpus = libbpf_num_possible_cpus();
	if (ncpus <= 0)
		fatal("cannot count possible CPUs: %s", strerror(-ncpus));

	/* A verifier rejection is also EACCES: ask about permission first. */
	err = bpf_map_create(BPF_MAP_TYPE_ARRAY, NULL, 4, 4, 1, NULL);
	if (err < 0 && (errno == EPERM || errno == EACCES))
		perm_fatal(errno);
	if (err >= 0)
		close(err);

	skel = daxstat_bpf__open();
	if (!skel)
		fatal("opening the BPF object failed: %s", strerror(errno));
	skel->rodata->filter_dev = dev;
	skel->rodata->tp_mode = tp_mode;
	skel->rodata->tp_have_ctx = have & B(F_EVICT);
	bpf_object__for_each_program(prog, skel->obj) {
		const char *name = bpf_program__name(prog);

		if (!strncmp(name, "tpb_", 4))
			bpf_program__set_autoload(prog, tp_mode && tp_btf);
		else if (!strncmp(name, "raw_", 4))
			bpf_program__set_autoload(prog, tp_mode && !tp_btf);
		else
			bpf_program__set_autoload(prog, false);
	}
	for (f = 0; f < F_NR; f++) {
		func_progs(f, p);
		for (i = 0; i < 2; i++)
			if (p[i] && (have & B(f)))
				bpf_program__set_autoload(p[i], true);
	}
	err = daxstat_bpf__load(skel);
	if (err) {
		if (err == -EPERM)
			perm_fatal(-err);
		fatal("loading the BPF programs failed (%s); run with -v for the verifier log",
		      strerror(-err));
	}
	if (tp_mode) {
		bpf_object__for_each_program(prog, skel->obj) {
			struct bpf_link *l;

			if (!bpf_program__autoload(prog) ||
			    strncmp(bpf_program__name(prog), tp_btf ? "tpb_" : "raw_", 4))
				continue;
			l = bpf_program__attach(prog);
			if (!l) {
				err = errno;
				if (err == EPERM || err == EACCES)
					perm_fatal(err);
				fatal("attaching to tracepoint %s failed (%s): nothing is counted; "
				      "run with --probes=fentry to use the functions instead",
				      bpf_program__section_name(prog), strerror(err));
			}
			links[nlinks++] = l;
		}
		attached |= B(F_TP);
	}
	for (f = 0; f < F_NR; f++) {
		bool ok = true;

		if (!(have & B(f)))
			continue;
		func_progs(f, p);
		for (i = 0; i < 2; i++) {
			struct bpf_link *l;

			if (!p[i])
				continue;
			l = bpf_program__attach(p[i]);
			if (!l) {
				err = errno;
				if (err == EPERM || err == EACCES)
					perm_fatal(err);
				if (!env.partial && !tp_mode)
					fatal("attaching to %s failed (%s): %s would be unknown; rerun with "
					      "--partial to trace the rest", func_names[f], strerror(err),
					      func_loses[f]);
				fprintf(stderr, "daxstat: attaching to %s failed (%s): %s unavailable\n",
					func_names[f], strerror(err), func_loses[f]);
				ok = false;
				continue;
			}
			links[nlinks++] = l;
		}
		if (ok)
			attached |= B(f);
	}

	/* Signals are taken with sigtimedwait, which is also the interval timer;
	 * blocked before the HTTP thread starts so that it never gets them. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigprocmask(SIG_BLOCK, &sigs, NULL);
	if (env.prom)
		httpd = prom_start(env.prom_addr);

	fprintf(stderr, "daxstat: tracing %s (probes: %s)%s; %s\n",
		env.mount ? env.mount : "all virtio-fs DAX mounts", probe_kind,
		httpd ? ", serving /metrics" : "",
		env.count > 0 ? "ends after the count" : "Ctrl-C or SIGTERM ends with a summary");

	read_snapshot(&start);
	prev = start;
	if (!httpd) {
		if (env.csv)
			print_csv_header();
		else if (!env.json)
			print_table_header();
	}
	for (;;) {
		bool last;

		wait.tv_sec = (time_t)env.interval;
		wait.tv_nsec = (long)((env.interval - wait.tv_sec) * 1e9);
		sig = sigtimedwait(&sigs, NULL, &wait);
		last = sig > 0 || (env.count > 0 && rows + 1 >= env.count);
		if (httpd && !last) {
			rows++;
			continue;
		}
		/* Detach before the last read: the rows then add up to the
		 * summary, and the summary holds every event that completed. */
		if (last)
			detach_all();
		read_snapshot(&cur);
		if (!httpd)
			print_row(&prev, &cur);
		prev = cur;
		rows++;
		if (last)
			break;
	}

	if (httpd)
		MHD_stop_daemon(httpd);
	for (i = 0; i < DS_NR_CNT; i++)
		cur.s.cnt[i] -= start.s.cnt[i];
	for (i = 0; i < DS_NR_HIST; i++) {
		int j;

		for (j = 0; j < DS_HIST_SLOTS; j++)
			cur.s.hist[i].slot[j] -= start.s.hist[i].slot[j];
		cur.s.hist[i].sum_ns -= start.s.hist[i].sum_ns;
	}
	if (env.json)
		print_summary_json(&cur, ts_diff(&cur.ts, &start.ts));
	else if (env.csv)
		print_csv_row("total", &cur.s, &cur, ts_diff(&cur.ts, &start.ts));
	else
		print_summary_table(&cur, ts_diff(&cur.ts, &start.ts));
	daxstat_bpf__destroy(skel);
	return 0;
}
