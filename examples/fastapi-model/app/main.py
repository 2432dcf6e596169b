"""A small model-serving app with the health endpoints Gradient deployments probe.

/startup/   200 once the process serves requests
/readiness/ 503 until the model is loaded, then 200
/liveness/  200 while the process is healthy
/predict/   POST {"text": "..."} -> a sentiment label and score

The "model" is a tiny word list, loaded in the background after MODEL_LOAD_SECONDS to stand in for
reading real weights, so the probes have something to wait for.
"""
import os
import threading
import time

from fastapi import FastAPI, HTTPException, Response
from pydantic import BaseModel

app = FastAPI(title="fastapi-model")
_model: dict[str, float] | None = None


def _load_model() -> None:
    global _model
    time.sleep(float(os.environ.get("MODEL_LOAD_SECONDS", "20")))
    _model = {"good": 1.0, "great": 1.0, "love": 1.0, "bad": -1.0, "awful": -1.0, "hate": -1.0}


@app.on_event("startup")
def start_loading() -> None:
    threading.Thread(target=_load_model, daemon=True).start()


@app.get("/startup/")
def startup() -> dict[str, str]:
    return {"status": "started"}


@app.get("/liveness/")
def liveness() -> dict[str, str]:
    return {"status": "alive"}


@app.get("/readiness/")
def readiness(response: Response) -> dict[str, str]:
    if _model is None:
        response.status_code = 503
        return {"status": "loading model"}
    return {"status": "ready"}


class PredictRequest(BaseModel):
    text: str


@app.post("/predict/")
def predict(request: PredictRequest) -> dict[str, object]:
    if _model is None:
        raise HTTPException(status_code=503, detail="model not loaded yet")
    words = request.text.lower().split()
    score = sum(_model.get(w, 0.0) for w in words) / max(len(words), 1)
    return {"label": "positive" if score > 0 else "negative" if score < 0 else "neutral", "score": score}
