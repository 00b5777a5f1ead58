# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# CTest tap.selection:  cmake -DTAP=<virtref-tap> -P tap_selection.cmake
#
# Runs virtref-tap with selections of the core suites and checks the exact
# shape of the stream: `TAP version 13` first, exactly the expected test
# lines in order and numbered from 1 (a `not ok` line followed by its
# indented YAML block), the plan `1..N` last.  Names select by whole
# components only, so `text:printf` must not pick up `text:printf_oom`,
# nor `linux:slab:test_slab` the test `test_slab_failures`; a name that
# selects nothing is exit status 2 with the message on stderr only.

if(NOT TAP)
  message(FATAL_ERROR "tap_selection.cmake: run with -DTAP=<path to virtref-tap>")
endif()

# Runs virtref-tap with ARGS; OUT, ERR and RC name the result variables.
function(run_tap out err rc)
  execute_process(COMMAND ${EMU} ${TAP} ${ARGN}
    OUTPUT_VARIABLE o ERROR_VARIABLE e RESULT_VARIABLE r)
  set(${out} "${o}" PARENT_SCOPE)
  set(${err} "${e}" PARENT_SCOPE)
  set(${rc} "${r}" PARENT_SCOPE)
endfunction()

# expect_stream(ARGS <args...> TESTS <descriptions...>)
# The descriptions are the expected test lines without `ok N - `.
function(expect_stream)
  cmake_parse_arguments(X "" "" "ARGS;TESTS" ${ARGN})
  run_tap(out err rc ${X_ARGS})
  string(JOIN " " what virtref-tap ${X_ARGS})
  if(NOT rc MATCHES "^[01]$")
    message(FATAL_ERROR "${what}: exit status ${rc}, want 0 or 1\nstderr:\n${err}")
  endif()
  if(NOT out MATCHES "\n$")
    message(FATAL_ERROR "${what}: output does not end with a newline:\n${out}")
  endif()
  string(REGEX REPLACE "\n$" "" out "${out}")
  string(REPLACE ";" "\\;" out "${out}")
  string(REPLACE "\n" ";" lines "${out}")
  list(LENGTH lines nlines)
  list(GET lines 0 first)
  if(NOT first STREQUAL "TAP version 13")
    message(FATAL_ERROR "${what}: first line is '${first}', want 'TAP version 13'")
  endif()

  set(i 1)
  set(n 0)
  set(failed FALSE)
  foreach(desc IN LISTS X_TESTS)
    math(EXPR n "${n} + 1")
    if(i GREATER_EQUAL nlines)
      message(FATAL_ERROR "${what}: stream ends before test ${n} (${desc})")
    endif()
    list(GET lines ${i} line)
    if(line STREQUAL "ok ${n} - ${desc}")
      math(EXPR i "${i} + 1")
    elseif(line STREQUAL "not ok ${n} - ${desc}")
      # The diagnostic block: `  ---`, indented keys, `  ...`.
      set(failed TRUE)
      math(EXPR i "${i} + 1")
      list(GET lines ${i} open)
      if(NOT open STREQUAL "  ---")
        message(FATAL_ERROR "${what}: 'not ok ${n}' is followed by '${open}', want '  ---'")
      endif()
      set(closed FALSE)
      set(has_message FALSE)
      while(NOT closed)
        math(EXPR i "${i} + 1")
        if(i GREATER_EQUAL nlines)
          message(FATAL_ERROR "${what}: YAML block of test ${n} is not closed")
        endif()
        list(GET lines ${i} y)
        if(y STREQUAL "  ...")
          set(closed TRUE)
        elseif(y MATCHES "^  message: \"")
          set(has_message TRUE)
        elseif(NOT y MATCHES "^  [a-z]+: ")
          message(FATAL_ERROR "${what}: line '${y}' in the YAML block of test ${n}")
        endif()
      endwhile()
      if(NOT has_message)
        message(FATAL_ERROR "${what}: YAML block of test ${n} has no quoted message")
      endif()
      math(EXPR i "${i} + 1")
    else()
      message(FATAL_ERROR "${what}: line ${i} is '${line}', want '[not ]ok ${n} - ${desc}'")
    endif()
  endforeach()

  math(EXPR last "${nlines} - 1")
  if(NOT i EQUAL last)
    list(GET lines ${i} extra)
    message(FATAL_ERROR "${what}: unexpected line '${extra}' after test ${n}")
  endif()
  list(GET lines ${i} plan)
  if(NOT plan STREQUAL "1..${n}")
    message(FATAL_ERROR "${what}: last line is '${plan}', want '1..${n}'")
  endif()
  if(failed AND NOT rc EQUAL 1)
    message(FATAL_ERROR "${what}: a test failed but the exit status is ${rc}")
  elseif(NOT failed AND NOT rc EQUAL 0)
    message(FATAL_ERROR "${what}: every test passed but the exit status is ${rc}")
  endif()
endfunction()

# expect_rejected(<args...>): exit 2, stdout empty, a message on stderr.
function(expect_rejected)
  run_tap(out err rc ${ARGN})
  string(JOIN " " what virtref-tap ${ARGN})
  if(NOT rc EQUAL 2)
    message(FATAL_ERROR "${what}: exit status ${rc}, want 2\nstdout:\n${out}")
  endif()
  if(NOT out STREQUAL "")
    message(FATAL_ERROR "${what}: wrote to stdout:\n${out}")
  endif()
  if(err STREQUAL "")
    message(FATAL_ERROR "${what}: no message on stderr")
  endif()
endfunction()

set(printf_tests
  text:printf:test_empty
  text:printf:test_printf_appends
  text:printf:test_put_counts_bytes
  text:printf:test_growth)

# One tcase; the tcase `printf_oom` shares its prefix and stays out.
expect_stream(ARGS text:printf TESTS ${printf_tests})
# A test name that is the prefix of another test's name.
expect_stream(ARGS linux:slab:test_slab TESTS linux:slab:test_slab)
# One iteration of a loop test; then several names, in table order.
expect_stream(ARGS mem:endian:test_read_accessors_known_bytes[3]
  TESTS mem:endian:test_read_accessors_known_bytes[3])
expect_stream(ARGS text:printf linux:slab:test_slab_failures
  TESTS linux:slab:test_slab_failures ${printf_tests})
expect_stream(ARGS err:values
  TESTS err:values:test_vr_error_values err:values:test_errname_helper)

# Names that are only prefixes or pieces of real names select nothing.
expect_rejected(tex)
expect_rejected(text:print)
expect_rejected(text:printf:test_empt)
expect_rejected(text:printf:test_empty[0])
expect_rejected(mem:endian:test_read_accessors_known_bytes[8])
expect_rejected(printf)
expect_rejected(text:printf no-such-suite)
expect_rejected(--no-such-option)

# Options anywhere among the names (GNU getopt's permutation).
run_tap(list_before err rc --list text:printf)
run_tap(list_after err rc text:printf --list)
string(REPLACE ";" "\n" want_list "${printf_tests}")
if(NOT list_before STREQUAL "${want_list}\n" OR NOT list_after STREQUAL list_before)
  message(FATAL_ERROR "virtref-tap --list text:printf printed:\n${list_before}"
    "and with --list last:\n${list_after}")
endif()
run_tap(out err rc text:printf --help)
if(NOT rc EQUAL 0 OR NOT out MATCHES "^usage: virtref-tap")
  message(FATAL_ERROR "virtref-tap text:printf --help: exit ${rc}, output:\n${out}")
endif()
