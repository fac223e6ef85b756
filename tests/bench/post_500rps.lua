-- wrk script: durable POST /api/initiatives at about 500 requests per second in all:
-- the requests of post.lua, with each of 16 connections waiting 32 ms between them.
dofile("tests/bench/post.lua")

function delay()
  return 32
end
