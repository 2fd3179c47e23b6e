"""Signs in through the real sign-in form and prints the session cookie's value, so that wrk
can request signed-in pages with it (scripts/bench). Usage: bench_session.py BASE EMAIL PASSWORD"""
import http.cookiejar
import re
import sys
import urllib.parse
import urllib.request

base, email, password = sys.argv[1:]
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
form = opener.open(base + "/sign-in").read().decode()
token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
data = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": password}).encode()
opener.open(base + "/sign-in", data)
cookie = next((c.value for c in jar if c.name == "wego_session"), None)
if cookie is None:
    sys.exit("sign-in gave no session cookie")
# A page only the Secretariat sees proves the cookie signs in.
if "admin/members" not in opener.open(base + "/admin").read().decode():
    sys.exit("the session cookie does not open the Secretariat's dashboard")
print(cookie)
