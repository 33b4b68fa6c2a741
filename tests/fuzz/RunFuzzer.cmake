# SPDX-License-Identifier: MIT
# Runs one libFuzzer target for a bounded time over a scratch copy of its seed corpus
# (libFuzzer adds what it finds to the first corpus directory; the committed one stays
# as it is). A crash leaves its input in WORK_DIR, named in the output.
#   cmake -DFUZZER=<exe> -DCORPUS=<dir> -DWORK_DIR=<dir> -DSECONDS=<n> -P RunFuzzer.cmake
foreach(var FUZZER CORPUS WORK_DIR SECONDS)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "RunFuzzer.cmake: ${var} is not set")
    endif()
endforeach()

file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR}/corpus)
file(GLOB seeds ${CORPUS}/*)
if(seeds)
    file(COPY ${seeds} DESTINATION ${WORK_DIR}/corpus)
endif()

execute_process(
    COMMAND ${FUZZER} -max_total_time=${SECONDS} -rss_limit_mb=2048 -timeout=20
            -print_final_stats=1 -artifact_prefix=${WORK_DIR}/ ${WORK_DIR}/corpus
    WORKING_DIRECTORY ${WORK_DIR}
    RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "${FUZZER} failed (${result}); the failing input is in ${WORK_DIR}")
endif()
