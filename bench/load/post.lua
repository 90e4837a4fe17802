-- wrk script: POST the JSON body in $BODY_FILE, with $AUTH (if set) as the Authorization header.
local f = assert(io.open(os.getenv("BODY_FILE"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["content-type"] = "application/json"
local auth = os.getenv("AUTH")
if auth ~= nil and auth ~= "" then
  wrk.headers["authorization"] = auth
end
