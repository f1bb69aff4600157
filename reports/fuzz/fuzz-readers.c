// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the report generator's readers of result files:
 * the key=value files (manifest, meta, status, virtiofsd stats), fio's
 * JSON, fio's bandwidth logs and daxstat's JSON lines. The first input byte
 * picks the reader; the rest becomes the file it reads, as load_run() would
 * find it in a results directory.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/dsreport.h"

static char dir[64];
static char path[128];

static void write_input(const char *name, const uint8_t *data, size_t size)
{
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f)) {
		perror(path);
		abort();
	}
}

static void read_kv(void)
{
	struct kv kv;

	if (kv_load(path, &kv) == 0) {
		kv_get(&kv, "status");
		kv_ll(&kv, "setup_requests", 0);
		kv_free(&kv);
	}
}

static void read_fio_json(void)
{
	struct cell c = { 0 };
	char *why = NULL;

	fio_parse(path, &c, &why);
	free(why);
}

static void read_bw_log(void)
{
	double *t, *mib;
	int n;

	if (fio_bw_series(dir, 100, &t, &mib, &n) == 0) {
		free(t);
		free(mib);
	}
}

static void read_daxstat(void)
{
	struct guest_dax g = { 0 };
	struct cell c = { .end_ms = 1764000000000LL, .runtime_ms = 60000 };

	if (daxstat_load(path, &g) == 0)
		daxstat_slice(&g, &c);
	free(g.s);
}

static const struct {
	const char *file;
	void (*read)(void);
} readers[] = {
	{ "status", read_kv },
	{ "fio.json", read_fio_json },
	{ "fio_bw.1.log", read_bw_log },
	{ "daxstat.jsonl", read_daxstat },
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	snprintf(dir, sizeof(dir), "/tmp/dsreport-fuzz.XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t r;

	if (size < 1)
		return 0;
	r = data[0] % (sizeof(readers) / sizeof(readers[0]));
	write_input(readers[r].file, data + 1, size - 1);
	readers[r].read();
	unlink(path);
	return 0;
}
