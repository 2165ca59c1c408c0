"""/dashboard/static/: the dashboard's stylesheet (no script: the pages need none)."""

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, PlainTextResponse

HERE = Path(__file__).parent / "static"
FILES = {"dashboard.css": "text/css"}

router = APIRouter(include_in_schema=False)


@router.get("/dashboard/static/{name}")
async def static(name: str):
    if name not in FILES:
        return PlainTextResponse("not found", 404)
    return FileResponse(HERE / name, media_type=FILES[name],
                        headers={"Cache-Control": "max-age=3600"})
