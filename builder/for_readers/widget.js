// The notebook side of a cnn_demos widget (anywidget's front end runs this module). The demo's
// page comes from the kernel as a message when the widget is shown (never stored in the
// notebook) and runs in a frame sandboxed to scripts only; host.js, inside it, talks to this
// module by postMessage. What the page tells goes to the model's traits (the weights as a
// message); what Python sets (drawing, sample) goes to the page.

const NO_KERNEL_MS = 10000; // no page by then: the kernel is not there (a notebook opened, not run)

function style(el, css) {
  Object.assign(el.style, css);
  return el;
}

function render({ model, el }) {
  const note = style(document.createElement("p"), { margin: "0.25rem 0", font: "inherit" });
  note.setAttribute("role", "status");
  note.textContent = "Loading the demo from the Python kernel…";
  const frame = style(document.createElement("iframe"), {
    width: "100%", height: `${model.get("height") || 480}px`, border: "1px solid #ccc", display: "block",
  });
  frame.setAttribute("sandbox", "allow-scripts");
  frame.title = model.get("title");
  el.append(note, frame);

  let pageUp = false;
  let fromPage = false; // a change the page made: not sent back to it
  const asks = []; // what Python set before the page could hear it

  function ask(what, value) {
    if (!pageUp) asks.push([what, value]);
    else frame.contentWindow.postMessage({ cnnDemosAsk: what, value }, "*");
  }

  function setFromPage(values) {
    fromPage = true;
    try {
      for (const [key, value] of Object.entries(values)) model.set(key, value);
      model.save_changes();
    } finally {
      fromPage = false;
    }
  }

  // Over the limit, a message would drop the kernel's connection: refused, and said where. The
  // note shows it (a ready demo hides the note) until the same kind of message fits again.
  let refused = null; // {what, text}
  function fits(what, bytes) {
    if (bytes <= model.get("max_message_bytes")) {
      if (refused && refused.what === what) {
        refused = null;
        note.hidden = true;
      }
      return true;
    }
    refused = {
      what,
      text: `The ${what} (${(bytes / 1e6).toFixed(1)} MB) are too large to send to Python (at most ` +
        `${(model.get("max_message_bytes") / 1e6).toFixed(1)} MB a message); nothing else is affected.`,
    };
    note.hidden = false;
    note.textContent = refused.text;
    model.send({ kind: "refused", what, bytes });
    return false;
  }

  const fromTheDemo = {
    state({ state, message }) {
      setFromPage({ status: state, message });
      note.hidden = state === "ready" && !refused;
      if (state !== "ready") note.textContent = message;
      else if (refused) note.textContent = refused.text;
      if (!pageUp) {
        pageUp = true;
        for (const [what, value] of asks.splice(0)) ask(what, value);
      }
    },
    reading({ drawing, probabilities }) {
      setFromPage({ drawing: drawing && new DataView(drawing.buffer), probabilities });
    },
    history(history) {
      if (fits("training history", JSON.stringify(history).length)) setFromPage({ history });
    },
    training(state) {
      setFromPage({ training: state });
    },
    samples(samples) {
      setFromPage({ samples });
    },
    weights({ networks, buffers }) {
      const bytes = buffers.reduce((sum, b) => sum + b.byteLength, 0);
      if (fits("weights", bytes)) model.send({ kind: "weights", networks }, undefined, buffers);
    },
    height(pixels) {
      if (!model.get("height")) frame.style.height = `${Math.ceil(pixels) + 2}px`;
    },
  };

  function onPageMessage(event) {
    const data = event.data;
    if (event.source !== frame.contentWindow || !data || !fromTheDemo[data.cnnDemos]) return;
    fromTheDemo[data.cnnDemos](data.value);
  }

  function onKernelMessage(message, buffers) {
    if (message.kind !== "page") return;
    clearTimeout(noKernel);
    note.textContent = "Starting the demo…";
    frame.srcdoc = new TextDecoder().decode(buffers[0]);
  }

  function onDrawing() {
    const drawing = model.get("drawing");
    if (fromPage || !drawing) return;
    ask("drawing", Array.from(new Uint8Array(drawing.buffer, drawing.byteOffset, drawing.byteLength)));
  }

  function onSample() {
    if (!fromPage && model.get("sample") !== null) ask("sample", model.get("sample"));
  }

  // What Python set before this view was shown (in the same cell, or a view shown again) goes in too.
  onDrawing();
  onSample();
  window.addEventListener("message", onPageMessage);
  model.on("msg:custom", onKernelMessage);
  model.on("change:drawing", onDrawing);
  model.on("change:sample", onSample);
  const noKernel = setTimeout(() => {
    note.textContent = "The demo's page comes from the Python kernel: run this cell to show it.";
  }, NO_KERNEL_MS);
  model.send({ kind: "page" });

  return () => {
    clearTimeout(noKernel);
    window.removeEventListener("message", onPageMessage);
    model.off("msg:custom", onKernelMessage);
    model.off("change:drawing", onDrawing);
    model.off("change:sample", onSample);
  };
}

export default { render };
