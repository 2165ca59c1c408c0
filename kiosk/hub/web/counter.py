"""GET /counter: the officer's console page. The page itself holds no data: its script
(static/console.js) logs in, lists the user's counters and acts through the JSON API
(kiosk.hub.api.staff and .counters) and follows /v1/events."""

from pathlib import Path
from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from kiosk.hub.web.texts import texts

HERE = Path(__file__).parent
STATIC = {"console.js": "text/javascript", "console.css": "text/css"}
_env = Environment(loader=FileSystemLoader(HERE / "templates"),
                   autoescape=select_autoescape(["html"]))

router = APIRouter(include_in_schema=False)


@router.get("/counter", response_class=HTMLResponse)
async def console(request: Request, lang: Literal["id", "en"] = "id"):
    hub = request.app.state.hub
    page = _env.get_template("console.html").render(
        lang=lang, t=texts(lang), mpp=hub.settings.mpp_name,
        other=("en" if lang == "id" else "id"))
    return HTMLResponse(page, headers={"Cache-Control": "no-store"})


@router.get("/counter/static/{name}")
async def static(name: str):
    if name not in STATIC:
        return HTMLResponse("not found", 404)
    return FileResponse(HERE / "static" / name, media_type=STATIC[name])
