/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Attach policy of the DAX tools: which fuse module functions and fuse_dax
 * tracepoints exist, which program flavor each gets, loading and attaching
 * with the fall back from fentry to kprobes, and detaching without cutting
 * an event in half.
 *
 * A tool describes its probes in a table of struct probe_def. The programs
 * of a probe are found by name: f_<prog>_enter/_exit (fentry/fexit),
 * k_<prog>_enter/_exit (kprobe/kretprobe), tpb_<prog> (tp_btf), raw_<prog>
 * (raw_tp); either of _enter and _exit may be missing.
 */
#ifndef DAXSCOPE_PROBES_H
#define DAXSCOPE_PROBES_H

#include <stdbool.h>
#include <linux/types.h>

struct bpf_object;
struct bpf_program;
struct bpf_link;

enum probe_kind { PK_FUNC, PK_TRACEPOINT };
enum probe_flavor { PF_NONE, PF_FENTRY, PF_KPROBE, PF_TP_BTF, PF_RAW_TP };

struct probe_def {
	const char *target;	/* fuse function or fuse_dax tracepoint */
	const char *prog;	/* program base name */
	enum probe_kind kind;
	const char *loses;	/* what is unknown without it (messages) */
};

#define PROBES_MAX 32
#define PROBES_MAX_PROGS (2 * PROBES_MAX)

struct probes {
	const struct probe_def *def;
	int n;
	unsigned int want;		/* bit i: def[i] is needed */
	bool partial;			/* go on without what cannot attach */
	bool no_kprobe;			/* functions: fentry or nothing */
	bool force_kprobe;		/* functions: kprobes even with BTF */
	enum probe_flavor flavor[PROBES_MAX];
	unsigned int attached;		/* bit i: all of def[i]'s programs */
	int nprogs;
	struct bpf_program *progs[PROBES_MAX_PROGS];	/* attached programs */
	struct bpf_link *links[PROBES_MAX_PROGS];
};

/* A tool's skeleton, opened afresh for every load attempt. */
struct probe_loader {
	/* Opens the skeleton and sets its read-only data from the plan. */
	struct bpf_object *(*open)(const struct probes *p);
	int (*load)(void);
	void (*destroy)(void);
};

/* Fatal unless the kernel has BTF and the fuse module is loaded. */
void probes_need_kernel(void);
/* /sys/kernel/btf/fuse exists. */
bool fuse_has_btf(void);
/* The fuse module has the fuse_dax tracepoints (kernel/patches). */
bool fuse_has_tracepoints(void);
/* Fatal when the fuse module has no BTF: CO-RE cannot read its types. */
void probes_need_fuse_btf(void);

/*
 * Chooses a flavor for every wanted probe: functions fentry where the
 * module's BTF has them (kprobes when forced, or where only kallsyms has
 * them), tracepoints tp_btf with module BTF, else raw_tp. A function that
 * exists nowhere (inlined away) is fatal, or with partial a notice and
 * dropped from want.
 */
void probes_plan(struct probes *p);

/*
 * Opens, loads and attaches. When an fentry program cannot attach, every
 * function probe falls back to kprobes and the whole load is redone (one
 * notice). Attach failures are fatal, or with partial a notice each.
 */
void probes_load_attach(struct probes *p, const struct probe_loader *l);

/* Any function probe uses kprobes (per-task state must then be kept in a
 * map that kprobe programs can use). */
bool probes_any_kprobe(const struct probes *p);
/* "fentry/fexit", "kprobes", "fentry/fexit + kprobes" ... for messages. */
const char *probes_describe(const struct probes *p);

/* Sets *stopped, lets calls in flight finish, then detaches everything. */
void probes_detach(struct probes *p, volatile __u32 *stopped);

/* Test hooks (environment): DAXSTAT_TEST_HIDE_FUNCS=f1,f2 treats those
 * functions as inlined away; DAXSTAT_TEST_NO_FENTRY=1 makes every fentry
 * attach fail, as on a kernel without BPF trampolines. */

#endif
