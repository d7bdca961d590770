-- wrk script for bench/vs-wrk.sh: POSTs the unified preset's BASELINE request shape (the same bytes llmbench sends:
-- "Explain in detail: " x 125, max_tokens 100) to the URL given on wrk's command line.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"model":"bench-model","messages":[{"role":"user","content":"'
    .. string.rep("Explain in detail: ", 125) .. '"}],"max_tokens":100}'
