option(LARKBASE_WERROR "Treat warnings as errors" OFF)
option(LARKBASE_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(LARKBASE_BUILD_BENCH "Build the benchmarks" ON)

find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
  set(CMAKE_C_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
endif()

# Applied to every target of the project through larkbase_options.
add_library(larkbase_options INTERFACE)
target_compile_options(larkbase_options INTERFACE -Wall -Wextra -Wpedantic)
# GCC 12 reports false -Wrestrict warnings inside libstdc++'s std::string at -O2/-O3
# (GCC bug 105329); they would fail -Werror builds on code that is correct.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(larkbase_options INTERFACE -Wno-restrict)
endif()
if(LARKBASE_WERROR)
  target_compile_options(larkbase_options INTERFACE -Werror)
endif()
if(LARKBASE_SANITIZE)
  target_compile_options(larkbase_options INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(larkbase_options INTERFACE -fsanitize=address,undefined)
endif()
target_include_directories(larkbase_options INTERFACE ${PROJECT_SOURCE_DIR}/src)

# larkbase_library(NAME folder SOURCES ... DEPS ...): one static library per folder.
function(larkbase_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_link_libraries(${name} PUBLIC larkbase_options ${ARG_DEPS})
endfunction()
