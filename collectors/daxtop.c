// SPDX-License-Identifier: GPL-2.0
/*
 * daxtop: who holds the virtio-fs DAX window's ranges, top-like.
 *
 *   daxtop [-j] [-m MOUNT] [-s COLUMN] [-r ROWS] [interval [count]]
 *
 * Loads bpf/daxtop.bpf.c (slow paths only) and refreshes two tables every
 * interval: the inodes (by their path in the share when it can be found,
 * else the inode number) and the processes that hold ranges, set them up,
 * lose them to reclaim, reclaim inline and wait for free ranges. Totals
 * since daxtop started; -j prints one JSON line per refresh instead.
 */
#define _GNU_SOURCE	/* nftw() and its flags */
#include <argp.h>
#include <errno.h>
#include <ftw.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <json-c/json.h>

#include "../bpf/daxtop.h"
#include "daxtop.skel.h"
#include "mounts.h"
#include "output.h"
#include "probes.h"
#include "tool.h"

static struct env {
	bool json;
	const char *mount;
	const char *sort;
	int rows;
	double interval;
	long count;
} env = { .interval = 2.0, .count = -1, .sort = "held", .rows = 20 };

const char *argp_program_version = "daxtop 0.1 (daxscope)";
static const char doc[] =
	"daxtop: which files and processes hold the virtio-fs DAX window's ranges,\n"
	"set them up, lose them to reclaim and wait for free ones (eBPF, slow paths\n"
	"only).\n"
	"\n"
	"USAGE: daxtop [OPTIONS] [interval [count]]\n"
	"\n"
	"Refreshes every interval seconds (default 2) until count refreshes or\n"
	"SIGINT/SIGTERM. Sort columns: held, setups, lost, evicted (inodes),\n"
	"reclaimed, waits (processes); a column a table lacks sorts it by held.\n"
	"\n"
	"EXAMPLES:\n"
	"    daxtop                  # refresh every 2 s, most ranges held first\n"
	"    daxtop -s lost 5        # who loses most ranges to reclaim\n"
	"    daxtop -j -m /mnt/share 1 10\n";

static const char *const sort_keys[] = { "held", "setups", "lost", "evicted", "reclaimed", "waits" };

static const struct argp_option opts[] = {
	{ "json", 'j', NULL, 0, "JSON lines (one object per refresh, every entry)", 0 },
	{ "mount", 'm', "DIR", 0, "only this virtio-fs DAX mount point", 0 },
	{ "sort", 's', "COLUMN", 0, "held (default), setups, lost, evicted, reclaimed or waits", 0 },
	{ "rows", 'r', "N", 0, "rows per table (default 20)", 0 },
	{ "verbose", 'v', NULL, 0, "print libbpf debug messages", 0 },
	{ NULL, 'h', NULL, OPTION_HIDDEN, "show this help", 0 },
	{},
};

static error_t parse_arg(int key, char *arg, struct argp_state *state)
{
	char *end;
	size_t i;

	switch (key) {
	case 'j': env.json = true; break;
	case 'm': env.mount = arg; break;
	case 'v': tool_verbose = true; break;
	case 's':
		for (i = 0; i < sizeof(sort_keys) / sizeof(sort_keys[0]); i++)
			if (!strcmp(arg, sort_keys[i]))
				break;
		if (i == sizeof(sort_keys) / sizeof(sort_keys[0]))
			argp_error(state, "-s takes held, setups, lost, evicted, reclaimed or waits, "
				   "not %s", arg);
		env.sort = arg;
		break;
	case 'r':
		errno = 0;
		env.rows = strtol(arg, &end, 10);
		if (errno || *end || env.rows <= 0)
			argp_error(state, "invalid row count: %s", arg);
		break;
	case 'h': argp_state_help(state, stderr, ARGP_HELP_STD_HELP); break;
	case ARGP_KEY_ARG:
		tool_parse_interval(state, arg, 0.1, &env.interval, &env.count);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

/* ---- probes -------------------------------------------------------------- */

enum dt_probe { P_SETUP, P_REMOVE, P_ALLOC, P_EVICT, P_WORKER, P_NR };

static const struct probe_def probe_defs[P_NR] = {
	[P_SETUP] = { "fuse_setup_one_mapping", "setup", PK_FUNC, "ranges set up and held" },
	[P_REMOVE] = { "fuse_send_removemapping", "remove", PK_FUNC, "ranges lost and evicted" },
	[P_ALLOC] = { "alloc_dax_mapping", "alloc", PK_FUNC, "waits for a free range" },
	[P_EVICT] = { "fuse_dax_inode_cleanup", "evict", PK_FUNC, "evictions told apart from reclaim" },
	[P_WORKER] = { "fuse_dax_free_mem_worker", "worker", PK_FUNC, "inline reclaim told apart from the worker's" },
};

static struct probes pr = { .def = probe_defs, .n = P_NR };
static struct daxtop_bpf *skel;
static __u32 filter_dev;

static struct bpf_object *skel_open(const struct probes *p)
{
	skel = daxtop_bpf__open();
	if (!skel)
		return NULL;
	skel->rodata->filter_dev = filter_dev;
	return skel->obj;
}

static int skel_load(void) { return daxtop_bpf__load(skel); }
static void skel_destroy(void) { daxtop_bpf__destroy(skel); skel = NULL; }

static const struct probe_loader loader = { skel_open, skel_load, skel_destroy };

static void plan(struct probes *p)
{
	probes_need_fuse_btf();
	/* fentry/fexit only: the programs read their arguments at exit. */
	p->no_kprobe = true;
	p->want = (1u << P_NR) - 1;
	probes_plan(p);
}

/* ---- paths: inode numbers found in the traced mounts --------------------- */

struct path_ent {
	struct dt_inode_key key;
	char *path;		/* relative to its mount point; NULL: not found */
	bool looked;
};

static struct path_ent *paths;
static int npaths;
static struct path_ent **want;	/* during a walk: entries to find */
static int nwant;
static size_t walk_root_len;

static int walk_one(const char *fpath, const struct stat *sb, int flag, struct FTW *ftw)
{
	__u32 dev = (major(sb->st_dev) << 20) | minor(sb->st_dev);
	int i;

	(void)flag; (void)ftw;
	for (i = 0; i < nwant; i++) {
		if (want[i]->path || want[i]->key.dev != dev || want[i]->key.ino != sb->st_ino)
			continue;
		want[i]->path = strdup(fpath[walk_root_len] ? fpath + walk_root_len + 1 : ".");
	}
	return 0;
}

/* Looks up every inode not looked for yet, one walk per mount. */
static void resolve_paths(void)
{
	struct dax_mount mounts[16];
	int n, i, m;

	want = calloc(npaths, sizeof(*want));
	if (!want)
		return;
	nwant = 0;
	for (i = 0; i < npaths; i++)
		if (!paths[i].looked)
			want[nwant++] = &paths[i];
	if (nwant) {
		n = dax_mounts(mounts, 16);
		for (m = 0; m < n; m++) {
			if (filter_dev && mounts[m].dev != filter_dev)
				continue;
			walk_root_len = strlen(mounts[m].dir);
			/* FTW_MOUNT: stay in the share; FTW_PHYS: no symlinks. */
			nftw(mounts[m].dir, walk_one, 16, FTW_MOUNT | FTW_PHYS);
		}
		for (i = 0; i < nwant; i++)
			want[i]->looked = true;
	}
	free(want);
}

static struct path_ent *path_of(const struct dt_inode_key *k)
{
	int i;

	for (i = 0; i < npaths; i++)
		if (paths[i].key.dev == k->dev && paths[i].key.ino == k->ino)
			return &paths[i];
	paths = realloc(paths, (npaths + 1) * sizeof(*paths));
	if (!paths)
		fatal("out of memory");
	memset(&paths[npaths], 0, sizeof(paths[npaths]));
	paths[npaths].key = *k;
	return &paths[npaths++];
}

/* ---- reading and sorting ------------------------------------------------ */

struct inode_row {
	struct dt_inode_key key;
	struct dt_inode v;
	const char *path;
};

struct task_row {
	__u32 tgid;
	struct dt_task v;
};

/*
 * Copies every entry of a hash map into rows of row_size bytes, the key at
 * key_off and the value at val_off of each; returns how many.
 */
static int map_rows(int fd, size_t key_size, size_t row_size, size_t key_off, size_t val_off,
		    void **out)
{
	char key[64], next[64], *rows = NULL, *r;
	bool first = true;
	int n = 0;

	while (bpf_map_get_next_key(fd, first ? NULL : key, next) == 0) {
		first = false;
		memcpy(key, next, key_size);
		rows = realloc(rows, (n + 1) * row_size);
		if (!rows)
			fatal("out of memory");
		r = rows + n * row_size;
		memset(r, 0, row_size);
		if (bpf_map_lookup_elem(fd, key, r + val_off))
			continue;
		memcpy(r + key_off, key, key_size);
		n++;
	}
	*out = rows;
	return n;
}

static int read_inodes(struct inode_row **out)
{
	int n = map_rows(bpf_map__fd(skel->maps.inodes), sizeof(struct dt_inode_key),
			 sizeof(**out), offsetof(struct inode_row, key),
			 offsetof(struct inode_row, v), (void **)out);
	int i;

	for (i = 0; i < n; i++)
		path_of(&(*out)[i].key);
	resolve_paths();
	for (i = 0; i < n; i++)
		(*out)[i].path = path_of(&(*out)[i].key)->path;
	return n;
}

static int read_tasks(struct task_row **out)
{
	return map_rows(bpf_map__fd(skel->maps.tasks), sizeof(__u32), sizeof(**out),
			offsetof(struct task_row, tgid), offsetof(struct task_row, v), (void **)out);
}

/* Sort value of a row: the chosen column, or held where the table lacks it. */
static long long inode_val(const struct inode_row *r)
{
	if (!strcmp(env.sort, "setups")) return r->v.setups;
	if (!strcmp(env.sort, "lost")) return r->v.lost;
	if (!strcmp(env.sort, "evicted")) return r->v.evicted;
	return r->v.held;
}

static long long task_val(const struct task_row *r)
{
	if (!strcmp(env.sort, "setups")) return r->v.setups;
	if (!strcmp(env.sort, "lost")) return r->v.lost;
	if (!strcmp(env.sort, "reclaimed")) return r->v.reclaimed;
	if (!strcmp(env.sort, "waits")) return r->v.waits;
	return r->v.held;
}

static int cmp_inode(const void *a, const void *b)
{
	long long x = inode_val(a), y = inode_val(b);

	return x < y ? 1 : x > y ? -1 : 0;
}

static int cmp_task(const void *a, const void *b)
{
	long long x = task_val(a), y = task_val(b);

	return x < y ? 1 : x > y ? -1 : 0;
}

/* ---- output --------------------------------------------------------------- */

static void print_table(const struct inode_row *in, int nin, const struct task_row *tk, int ntk)
{
	struct timespec now;
	char when[16], name[32];
	int i;

	clock_gettime(CLOCK_REALTIME, &now);
	fmt_hms(&now, when, sizeof(when));
	if (isatty(STDOUT_FILENO))
		printf("\033[H\033[2J");
	printf("daxtop %s  %s  sorted by %s  (ranges since daxtop started; dropped %llu)\n\n",
	       when, env.mount ? env.mount : "all DAX mounts", env.sort,
	       (unsigned long long)skel->bss->dropped);
	printf("%8s %8s %8s %8s %8s  %s\n", "HELD", "SETUP", "UPGR", "LOST", "EVICT", "FILE");
	for (i = 0; i < nin && i < env.rows; i++) {
		const struct inode_row *r = &in[i];

		snprintf(name, sizeof(name), "inode %llu", (unsigned long long)r->key.ino);
		printf("%8lld %8llu %8llu %8llu %8llu  %s\n", (long long)r->v.held,
		       (unsigned long long)r->v.setups, (unsigned long long)r->v.upgrades,
		       (unsigned long long)r->v.lost, (unsigned long long)r->v.evicted,
		       r->path ? r->path : name);
	}
	printf("\n%8s %-16s %8s %8s %8s %8s %8s %10s\n", "PID", "COMM", "HELD", "SETUP", "LOST",
	       "RCL_IN", "WAITS", "WAIT_MS");
	for (i = 0; i < ntk && i < env.rows; i++) {
		const struct task_row *r = &tk[i];

		printf("%8u %-16.16s %8lld %8llu %8llu %8llu %8llu %10.1f\n", r->tgid, r->v.comm,
		       (long long)r->v.held, (unsigned long long)r->v.setups,
		       (unsigned long long)r->v.lost, (unsigned long long)r->v.reclaimed,
		       (unsigned long long)r->v.waits, r->v.wait_ns / 1e6);
	}
	fflush(stdout);
}

static void print_json(const struct inode_row *in, int nin, const struct task_row *tk, int ntk)
{
	json_object *o = json_object_new_object(), *ji = json_object_new_array();
	json_object *jt = json_object_new_array();
	struct timespec now;
	char buf[40];
	int i;

	clock_gettime(CLOCK_REALTIME, &now);
	fmt_iso(&now, buf, sizeof(buf));
	json_object_object_add(o, "type", json_object_new_string("top"));
	json_object_object_add(o, "time", json_object_new_string(buf));
	json_object_object_add(o, "dropped", json_object_new_uint64(skel->bss->dropped));
	for (i = 0; i < nin; i++) {
		json_object *e = json_object_new_object();

		snprintf(buf, sizeof(buf), "%u:%u", in[i].key.dev >> 20, in[i].key.dev & 0xfffff);
		json_object_object_add(e, "dev", json_object_new_string(buf));
		json_object_object_add(e, "ino", json_object_new_uint64(in[i].key.ino));
		json_object_object_add(e, "path", in[i].path ? json_object_new_string(in[i].path) : NULL);
		json_object_object_add(e, "held", json_object_new_int64(in[i].v.held));
		json_object_object_add(e, "setups", json_object_new_uint64(in[i].v.setups));
		json_object_object_add(e, "upgrades", json_object_new_uint64(in[i].v.upgrades));
		json_object_object_add(e, "lost", json_object_new_uint64(in[i].v.lost));
		json_object_object_add(e, "evicted", json_object_new_uint64(in[i].v.evicted));
		json_object_array_add(ji, e);
	}
	for (i = 0; i < ntk; i++) {
		json_object *e = json_object_new_object();

		json_object_object_add(e, "pid", json_object_new_uint64(tk[i].tgid));
		json_object_object_add(e, "comm", json_object_new_string(tk[i].v.comm));
		json_object_object_add(e, "held", json_object_new_int64(tk[i].v.held));
		json_object_object_add(e, "setups", json_object_new_uint64(tk[i].v.setups));
		json_object_object_add(e, "lost", json_object_new_uint64(tk[i].v.lost));
		json_object_object_add(e, "reclaimed", json_object_new_uint64(tk[i].v.reclaimed));
		json_object_object_add(e, "waits", json_object_new_uint64(tk[i].v.waits));
		json_object_object_add(e, "wait_ns", json_object_new_uint64(tk[i].v.wait_ns));
		json_object_array_add(jt, e);
	}
	json_object_object_add(o, "inodes", ji);
	json_object_object_add(o, "tasks", jt);
	json_emit(o);
}

static void refresh(bool last)
{
	struct inode_row *in;
	struct task_row *tk;
	int nin = read_inodes(&in), ntk = read_tasks(&tk);

	/* Nothing read yet leaves the arrays NULL, which qsort must not get. */
	if (nin)
		qsort(in, nin, sizeof(*in), cmp_inode);
	if (ntk)
		qsort(tk, ntk, sizeof(*tk), cmp_task);
	if (env.json)
		print_json(in, nin, tk, ntk);
	else
		print_table(in, nin, tk, ntk);
	free(in);
	free(tk);
}

int main(int argc, char **argv)
{
	static const struct argp argp = { opts, parse_arg, NULL, doc, NULL, NULL, NULL };
	static const struct tool_start start = {
		.name = "daxtop", .argp = &argp, .mount = &env.mount, .filter_dev = &filter_dev,
		.probes = &pr, .loader = &loader, .plan = plan,
	};
	int err;

	err = tool_start(&start, argc, argv);
	if (err)
		return err;
	notice("tracing %s (probes: %s); %s", env.mount ? env.mount : "all virtio-fs DAX mounts",
	       probes_describe(&pr),
	       env.count > 0 ? "ends after the count" : "Ctrl-C or SIGTERM ends it");
	tool_run(env.interval, env.count, &pr, &skel->bss->stopped, refresh, NULL);
	daxtop_bpf__destroy(skel);
	return 0;
}
