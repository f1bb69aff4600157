// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "probes.h"
#include "tool.h"

#define B(i) (1u << (i))

static const char *const flavor_prefix[] = {
	[PF_FENTRY] = "f_", [PF_KPROBE] = "k_", [PF_TP_BTF] = "tpb_", [PF_RAW_TP] = "raw_",
};

void probes_need_kernel(void)
{
	if (access("/sys/kernel/btf/vmlinux", R_OK))
		fatal("the kernel has no BTF (/sys/kernel/btf/vmlinux missing): CO-RE and "
		      "fentry need CONFIG_DEBUG_INFO_BTF; DAX itself is unaffected");
	if (access("/sys/module/fuse", F_OK))
		fatal("the fuse module is not loaded (/sys/module/fuse missing): "
		      "no virtio-fs mount can exist; nothing to trace");
}

bool fuse_has_btf(void)
{
	return access("/sys/kernel/btf/fuse", R_OK) == 0;
}

void probes_need_fuse_btf(void)
{
	if (!fuse_has_btf())
		fatal("the fuse module has no BTF (/sys/kernel/btf/fuse missing): fentry/fexit "
		      "and CO-RE cannot reach its functions and types; load a fuse.ko built with "
		      "BTF (CONFIG_DEBUG_INFO_BTF_MODULES); DAX I/O itself is unaffected");
}

static bool in_list(const char *list, const char *name)
{
	size_t n = strlen(name);

	while (list && *list) {
		if (!strncmp(list, name, n) && (list[n] == ',' || list[n] == 0))
			return true;
		list = strchr(list, ',');
		if (list)
			list++;
	}
	return false;
}

/* Test hook: pretend these functions were inlined away. */
static bool hidden_for_test(const char *func)
{
	return in_list(getenv("DAXSTAT_TEST_HIDE_FUNCS"), func);
}

/* Functions of the fuse module in /proc/kallsyms (kprobe targets). */
static bool in_kallsyms(const char *func)
{
	char line[512], name[256], mod[64];
	bool found = false;
	FILE *f = fopen("/proc/kallsyms", "re");

	while (f && !found && fgets(line, sizeof(line), f))
		found = sscanf(line, "%*s %*s %255s [%63[^]]]", name, mod) == 2 &&
			!strcmp(mod, "fuse") && !strcmp(name, func);
	if (f)
		fclose(f);
	return found && !hidden_for_test(func);
}

static struct btf *fuse_btf(struct btf **vmlinux)
{
	*vmlinux = btf__load_vmlinux_btf();
	if (!*vmlinux)
		fatal("cannot read the kernel's BTF: %s", strerror(errno));
	return btf__load_module_btf("fuse", *vmlinux);
}

bool fuse_has_tracepoints(void)
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
		struct btf *vmlinux, *fuse = fuse_btf(&vmlinux);

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

void probes_plan(struct probes *p)
{
	struct btf *vmlinux = NULL, *fuse = NULL;
	bool btf = fuse_has_btf();
	int i;

	if (btf)
		fuse = fuse_btf(&vmlinux);
	for (i = 0; i < p->n; i++) {
		const struct probe_def *d = &p->def[i];
		bool fentry_ok, kprobe_ok;

		p->flavor[i] = PF_NONE;
		if (!(p->want & B(i)))
			continue;
		if (d->kind == PK_TRACEPOINT) {
			p->flavor[i] = fuse ? PF_TP_BTF : PF_RAW_TP;
			continue;
		}
		/* A function gcc inlined has no BTF FUNC (pahole only emits
		 * functions with a symbol) and no kallsyms entry. */
		fentry_ok = fuse && !hidden_for_test(d->target) &&
			    btf__find_by_name_kind(fuse, d->target, BTF_KIND_FUNC) > 0;
		kprobe_ok = !p->no_kprobe && (p->force_kprobe || !fentry_ok) &&
			    in_kallsyms(d->target);
		if (fentry_ok && !p->force_kprobe)
			p->flavor[i] = PF_FENTRY;
		else if (kprobe_ok)
			p->flavor[i] = PF_KPROBE;
		if (p->flavor[i] != PF_NONE)
			continue;
		if (!p->partial)
			fatal("%s is not attachable in this fuse module (inlined away?): %s would "
			      "be unknown; rerun with --partial to trace the rest (reported as "
			      "unavailable)", d->target, d->loses);
		notice("%s not attachable: %s unavailable", d->target, d->loses);
		p->want &= ~B(i);
	}
	btf__free(fuse);
	btf__free(vmlinux);
}

bool probes_any_kprobe(const struct probes *p)
{
	int i;

	for (i = 0; i < p->n; i++)
		if (p->flavor[i] == PF_KPROBE)
			return true;
	return false;
}

const char *probes_describe(const struct probes *p)
{
	static char buf[96];
	bool has[PF_RAW_TP + 1] = { false };
	static const char *const names[] = {
		[PF_TP_BTF] = "fuse_dax tracepoints (tp_btf)",
		[PF_RAW_TP] = "fuse_dax tracepoints (raw_tp)",
		[PF_FENTRY] = "fentry/fexit", [PF_KPROBE] = "kprobes",
	};
	static const enum probe_flavor order[] = { PF_TP_BTF, PF_RAW_TP, PF_FENTRY, PF_KPROBE };
	size_t k, len = 0;
	int i;

	for (i = 0; i < p->n; i++)
		if (p->attached & B(i))
			has[p->flavor[i]] = true;
	buf[0] = 0;
	for (k = 0; k < sizeof(order) / sizeof(order[0]); k++)
		if (has[order[k]])
			len += snprintf(buf + len, sizeof(buf) - len, "%s%s", len ? " + " : "",
					names[order[k]]);
	/* The stock module's plain case keeps the name the reports know. */
	if (!strcmp(buf, "fentry/fexit"))
		return "stock fentry/fexit";
	return len ? buf : "none";
}

static struct bpf_program *find_prog(struct bpf_object *obj, const struct probes *p, int i,
				     const char *suffix)
{
	char name[128];

	if (p->def[i].kind == PK_TRACEPOINT)
		snprintf(name, sizeof(name), "%s%s%s", flavor_prefix[p->flavor[i]], p->def[i].prog,
			 suffix);
	else
		snprintf(name, sizeof(name), "%s%s_%s", flavor_prefix[p->flavor[i]], p->def[i].prog,
			 suffix);
	return bpf_object__find_program_by_name(obj, name);
}

/* The programs of probe i in its flavor: entry (or the tracepoint), exit. */
static int probe_progs(struct bpf_object *obj, const struct probes *p, int i,
		       struct bpf_program **pr)
{
	if (p->def[i].kind == PK_TRACEPOINT) {
		pr[0] = find_prog(obj, p, i, "");
		pr[1] = NULL;
	} else {
		pr[0] = find_prog(obj, p, i, "enter");
		pr[1] = find_prog(obj, p, i, "exit");
		/* An exit alone (fexit sees the arguments too). */
		if (!pr[0]) {
			pr[0] = pr[1];
			pr[1] = NULL;
		}
	}
	if (!pr[0])
		fatal("internal error: no BPF program for %s (%s)", p->def[i].target,
		      p->def[i].prog);
	return pr[1] ? 2 : 1;
}

static void autoload(struct bpf_object *obj, const struct probes *p)
{
	struct bpf_program *prog, *pr[2];
	int i, k, n;

	bpf_object__for_each_program(prog, obj)
		bpf_program__set_autoload(prog, false);
	for (i = 0; i < p->n; i++) {
		if (p->flavor[i] == PF_NONE)
			continue;
		n = probe_progs(obj, p, i, pr);
		for (k = 0; k < n; k++)
			bpf_program__set_autoload(pr[k], true);
	}
}

static void __attribute__((noreturn)) perm_fatal(int err)
{
	fatal("not permitted to load BPF programs (%s; needs root, or CAP_BPF with "
	      "CAP_PERFMON): nothing was attached and the system is unchanged", strerror(err));
}

static void unwind(struct probes *p)
{
	while (p->nprogs > 0)
		bpf_link__destroy(p->links[--p->nprogs]);
	p->attached = 0;
}

/* -1 when all attached, else the index of a probe whose fentry failed. */
static int attach(struct probes *p, struct bpf_object *obj)
{
	bool no_fentry = getenv("DAXSTAT_TEST_NO_FENTRY") != NULL;
	struct bpf_program *pr[2];
	int i, k, n, err;

	for (i = 0; i < p->n; i++) {
		bool ok = true;

		if (p->flavor[i] == PF_NONE)
			continue;
		n = probe_progs(obj, p, i, pr);
		for (k = 0; k < n && ok; k++) {
			struct bpf_link *l = NULL;

			if (p->flavor[i] == PF_FENTRY && no_fentry)
				errno = EOPNOTSUPP;
			else
				l = bpf_program__attach(pr[k]);
			if (l) {
				p->progs[p->nprogs] = pr[k];
				p->links[p->nprogs++] = l;
				continue;
			}
			err = errno;
			if (err == EPERM || err == EACCES)
				perm_fatal(err);
			if (p->flavor[i] == PF_FENTRY && !p->no_kprobe && in_kallsyms(p->def[i].target)) {
				notice("fentry on %s cannot attach (%s): using kprobes instead",
				       p->def[i].target, strerror(err));
				return i;
			}
			if (!p->partial)
				fatal("attaching to %s failed (%s): %s would be unknown; rerun with "
				      "--partial to trace the rest", p->def[i].target, strerror(err),
				      p->def[i].loses);
			notice("attaching to %s failed (%s): %s unavailable", p->def[i].target,
			       strerror(err), p->def[i].loses);
			ok = false;
		}
		if (ok)
			p->attached |= B(i);
	}
	return -1;
}

void probes_load_attach(struct probes *p, const struct probe_loader *l)
{
	struct bpf_object *obj;
	int err, i;

	/* A verifier rejection is also EACCES: ask about permission first. */
	err = bpf_map_create(BPF_MAP_TYPE_ARRAY, NULL, 4, 4, 1, NULL);
	if (err < 0 && (errno == EPERM || errno == EACCES))
		perm_fatal(errno);
	if (err >= 0)
		close(err);
	for (;;) {
		obj = l->open(p);
		if (!obj)
			fatal("opening the BPF object failed: %s", strerror(errno));
		autoload(obj, p);
		err = l->load();
		if (err) {
			if (err == -EPERM)
				perm_fatal(-err);
			fatal("loading the BPF programs failed (%s); run with -v for the "
			      "verifier log", strerror(-err));
		}
		if (attach(p, obj) < 0)
			return;
		/* No trampolines for one, so likely for all: every function
		 * probe becomes a kprobe, and the object is loaded again (the
		 * per-task state moves to a map kprobes can use). */
		unwind(p);
		l->destroy();
		for (i = 0; i < p->n; i++)
			if (p->flavor[i] == PF_FENTRY)
				p->flavor[i] = PF_KPROBE;
	}
}

void probes_detach(struct probes *p, volatile __u32 *stopped)
{
	struct timespec grace = { 0, 50 * 1000 * 1000 };

	/* Stop new events, let calls in flight finish (a FUSE round trip is
	 * well under 50 ms), then detach: no event is cut in half. The
	 * programs stay loaded, so their run-time statistics stay readable. */
	int i;

	*stopped = 1;
	nanosleep(&grace, NULL);
	for (i = 0; i < p->nprogs; i++) {
		bpf_link__destroy(p->links[i]);
		p->links[i] = NULL;
	}
}
