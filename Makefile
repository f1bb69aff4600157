# daxscope: the README's two commands are `make bench` and `make test`.
# Everything heavy is cached under ~/.cache/daxscope by the scripts below.

.PHONY: all build qemu image test bench clean help

all: build

help:
	@echo "make bench   build what is missing, boot guests, run the default workloads, write a report"
	@echo "make test    build what is missing and run the test suite (ends with 'N passed, N failed')"
	@echo "make build   build QEMU/virtiofsd with our patches and the guest image"

build: qemu image

qemu:
	@vm/build-qemu.sh >/dev/null

image:
	@vm/build-image.sh >/dev/null

test: build
	@tests/run.sh

bench: build
	@workloads/run-bench.sh

clean:
	rm -rf results
