# The two commands of the README:
#   make demo   install, build, and run the main job on the embedded emulator
#   make test   install, build (normal and ASan+UBSan), and run every test
JOBS ?= $(shell nproc)
BUILD ?= build/release
ASAN_BUILD ?= build/asan
CMAKE_FLAGS ?=
# ccache hits across clones in different folders (CI builds a fresh clone).
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := true

.PHONY: setup build build-asan test test-release test-asan demo bench format format-check clean

setup:
	./scripts/setup.sh

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" -DLARKBASE_WERROR=ON $(CMAKE_FLAGS)

$(ASAN_BUILD)/build.ninja:
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O0 -g1" \
	  -DLARKBASE_WERROR=ON \
	  -DLARKBASE_SANITIZE=ON -DLARKBASE_BUILD_BENCH=OFF $(CMAKE_FLAGS)

build: setup $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

build-asan: setup $(ASAN_BUILD)/build.ninja
	cmake --build $(ASAN_BUILD) -j $(JOBS)

test-release: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: build-asan
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS) -LE nosanitize

test: format-check test-release test-asan

demo: build
	./scripts/demo.sh $(BUILD)/src/cli/larkbase

bench: build
	./scripts/bench.sh $(BUILD)

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

format-check:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror && echo "format: clean"

clean:
	rm -rf build

# The Lambda deployment zip (bootstrap + larkbase + its shared libraries): docs/athena.md.
.PHONY: package
package: build
	./deploy/package.sh $(BUILD)/src/cli/larkbase build
