# Galen — clinical deep learning in Swift.
#   make demo    train and evaluate on the bundled WDBC breast-cancer data
#   make test    run the test suite
#   make bench   compare speed with PyTorch CPU (BENCH=gemm,mlp for some groups)
SHELL := /bin/bash
SWIFT ?= swift
RELEASE_BIN := .build/release

.PHONY: setup build test demo bench clean

# Installs OpenBLAS and libpng (headers and libraries) from Debian when missing.
setup:
	@if [ ! -e /usr/include/cblas.h ] && [ ! -e /usr/include/$$(gcc -dumpmachine 2>/dev/null)/cblas.h ] \
	   || ! ldconfig -p | grep -q 'libopenblas.so.0'; then \
	  echo "Installing OpenBLAS (libopenblas-dev) with apt-get…"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libopenblas-dev >/dev/null; \
	fi
	@if [ ! -e /usr/include/png.h ] && [ ! -e /usr/include/libpng16/png.h ] \
	   || ! pkg-config --exists libpng 2>/dev/null; then \
	  echo "Installing libpng (libpng-dev) with apt-get…"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libpng-dev pkg-config >/dev/null; \
	fi

build: setup
	$(SWIFT) build -c release --product galen

test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

demo: build
	@bash scripts/demo.sh

bench: setup
	@bash bench/run.sh "$(BENCH)"

clean:
	rm -rf .build runs
