// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mounts.h"
#include "tool.h"

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

/* What the mount asked for: "always" or "inode" (fuse_show_options() writes
 * "-o dax" as dax=always), or NULL (no DAX, or dax=never). */
static const char *dax_opt(const char *opts)
{
	static const struct { const char *opt, *mode; } modes[] = {
		{ "dax=always", "always" }, { "dax=inode", "inode" },
	};
	size_t i;

	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (strstr(opts, modes[i].opt))
			return modes[i].mode;
	return NULL;
}

/* FUSE_DAX_SZ: the stock module's range; the patched one shows another as
 * dax_range=SIZE (K, M, G suffixes as its fuse_format_size() writes). */
#define DAX_RANGE_DEFAULT (2ULL << 20)

static __u64 dax_range(const char *opts)
{
	const char *p = strstr(opts, "dax_range=");
	unsigned long long v;
	char *end;

	if (!p)
		return DAX_RANGE_DEFAULT;
	v = strtoull(p + strlen("dax_range="), &end, 10);
	switch (*end) {
	case 'K': v <<= 10; break;
	case 'M': v <<= 20; break;
	case 'G': v <<= 30; break;
	}
	return v;
}

struct vfs_mount {
	__u32 dev;
	char *dir;
	const char *dax;	/* "always", "inode" or NULL */
	__u64 range;
};

/* Calls fn for every virtiofs mount; stops early when fn returns true. */
static void each_virtiofs(bool (*fn)(const struct vfs_mount *m, void *arg), void *arg)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[4096];

	if (!f)
		fatal("cannot read /proc/self/mountinfo: %s", strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		/* id parent maj:min root mountpoint opts [optional...] - fstype source superopts */
		char *fields[8], *sep = strstr(line, " - "), *save, *p;
		char *fstype, *superopts;
		struct vfs_mount m;
		unsigned int maj, min;
		int n = 0;

		if (!sep)
			continue;
		*sep = 0;
		for (p = strtok_r(line, " ", &save); p && n < 8; p = strtok_r(NULL, " ", &save))
			fields[n++] = p;
		if (n < 6 || sscanf(fields[2], "%u:%u", &maj, &min) != 2)
			continue;
		fstype = strtok_r(sep + 3, " ", &save);
		strtok_r(NULL, " ", &save); /* source */
		superopts = strtok_r(NULL, " \n", &save);
		if (!fstype || !superopts || strcmp(fstype, "virtiofs"))
			continue;
		unescape(fields[4]);
		m.dev = (maj << 20) | min;
		m.dir = fields[4];
		m.dax = dax_opt(superopts);
		if (!m.dax)
			m.dax = dax_opt(fields[5]);
		m.range = dax_range(superopts);
		if (fn(&m, arg))
			break;
	}
	fclose(f);
}

struct find {
	const char *want;
	bool found, dax, any_dax;
	__u32 dev;
};

static bool find_one(const struct vfs_mount *m, void *arg)
{
	struct find *fd = arg;

	fd->any_dax |= m->dax != NULL;
	if (fd->want && !strcmp(m->dir, fd->want)) {
		/* The last mount on a directory is the one that counts. */
		fd->found = true;
		fd->dax = m->dax != NULL;
		fd->dev = m->dev;
	}
	return false;
}

__u32 dax_mount_filter(const char *dir)
{
	char want[PATH_MAX];
	struct find fd = { 0 };

	if (dir && !realpath(dir, want))
		fatal("mount point %s: %s", dir, strerror(errno));
	fd.want = dir ? want : NULL;
	each_virtiofs(find_one, &fd);
	if (dir) {
		if (!fd.found)
			fatal("%s is not a virtio-fs mount (see /proc/self/mountinfo); "
			      "run without -m to trace all DAX mounts", want);
		if (!fd.dax)
			fatal("%s is a virtio-fs mount without DAX (no dax=always or dax=inode): "
			      "its I/O goes through FUSE requests, %s has nothing to count there",
			      want, tool_name);
		return fd.dev;
	}
	if (!fd.any_dax)
		fatal("no virtio-fs DAX mount (no virtiofs with dax=always or dax=inode in "
		      "/proc/self/mountinfo): nothing to trace; mount one first, "
		      "e.g. mount -t virtiofs -o dax=always TAG DIR");
	return 0;
}

struct list {
	struct dax_mount *out;
	int n, max;
};

static bool list_one(const struct vfs_mount *m, void *arg)
{
	struct list *l = arg;

	if (!m->dax)
		return false;
	if (l->n >= l->max)
		return true;
	l->out[l->n].dev = m->dev;
	l->out[l->n].range = m->range;
	l->out[l->n].dax = m->dax;
	snprintf(l->out[l->n].dir, sizeof(l->out[l->n].dir), "%s", m->dir);
	l->n++;
	return false;
}

int dax_mounts(struct dax_mount *out, int max)
{
	struct list l = { out, 0, max };

	each_virtiofs(list_one, &l);
	return l.n;
}
