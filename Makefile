# The README's two commands: `make check` (all tests) and `make demo` (a sandboxed TikTok post).
# Both install the Debian packages they need first (scripts/install-deps is idempotent).

BUILD      ?= build
ASAN_BUILD ?= build-asan
RELEASE_BUILD ?= build-release
# The sanitizer build uses clang, the others gcc: both compilers' warnings stay errors.
ASAN_CC    ?= clang
PREFIX     ?= /usr/local
DESTDIR    ?=
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
# The end-to-end tests mostly wait on sockets and timers: run twice as many as there are cores.
TEST_JOBS  ?= $(shell echo $$(( 2 * $(JOBS) )))
CMAKE_ARGS ?=

.PHONY: all deps build build-asan build-release check check-fast check-valgrind demo install bench fuzz format clean

all: build

deps:
	./scripts/install-deps

build:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=$(PREFIX) $(CMAKE_ARGS)
	cmake --build $(BUILD) -j$(JOBS)

build-asan:
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_C_COMPILER=$(ASAN_CC) -DCMAKE_BUILD_TYPE=Debug -DAGORAS_SANITIZE=ON $(CMAKE_ARGS)
	cmake --build $(ASAN_BUILD) -j$(JOBS)

# What a packager builds (-O3): compiled in check so its warnings cannot regress.
build-release:
	cmake -S . -B $(RELEASE_BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_ARGS)
	cmake --build $(RELEASE_BUILD) -j$(JOBS)

# Every test, twice: a normal gcc build and a clang AddressSanitizer + UndefinedBehaviorSanitizer
# build, then the client's end-to-end tests once more under valgrind (memcheck). The gcc Release
# build is compiled only.
check: deps build build-asan build-release
	ctest --test-dir $(BUILD) --output-on-failure -j$(TEST_JOBS)
	ctest --test-dir $(ASAN_BUILD) --output-on-failure -j$(TEST_JOBS)
	$(MAKE) check-valgrind

check-valgrind: build
	BUILD=$(BUILD) ./tests/valgrind/run

# Benchmarks (not part of check): startup, memory and upload throughput against their limits.
bench: build
	./scripts/install-deps --bench
	BUILD=$(BUILD) ./bench/run

# Longer fuzzing runs than the smoke runs in check (FUZZ_SECONDS per target).
fuzz: deps
	./tests/fuzz/run $${FUZZ_SECONDS:-300}

# The normal build's tests only: the quick loop while developing.
check-fast: build
	ctest --test-dir $(BUILD) --output-on-failure -j$(TEST_JOBS)

# A full sandboxed TikTok post: authorize, a video file and a photo post against agoras-sandbox.
demo: deps build
	BUILD=$(BUILD) ./scripts/demo

install: build
	DESTDIR=$(DESTDIR) cmake --install $(BUILD) --prefix $(PREFIX)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(RELEASE_BUILD)
