-- wrk script: plain GET of the URL given on the command line, with the JSON summary.
dofile("tests/bench/report.lua")
