/* tfjs-vis-mnist: the steps of the walkthrough, one named function each. The page prints
   each function's own source (Function.prototype.toString) next to its button, so the code
   the reader reads is exactly the code that runs. That is why this file is written for the
   reader rather than like the other demos' files: the network, the training and the
   predictions are plain TF.js and tfjs-vis calls with their shapes written out ([28, 28, 1])
   instead of going through model.js, train.js and the shared helpers (see demos/README.md).
   Each step gets `lab`: the shared state (lab.data, lab.model), the settings, and lab.view
   for what the page shows as text. Each resolves to one sentence that the page announces. */
(function (CnnDemos) {
  'use strict';
  const Demo = CnnDemos.TfjsVisMnist;
  const { CLASS_NAMES, VALIDATION, tensors, validation } = Demo.data;
  // Where step 9 keeps a trained model between visits (the browser's IndexedDB, through TF.js's
  // own 'indexeddb://' handler), and the name of the files it downloads.
  const NAME = 'cnn-demos-guided-mnist';
  const STORE = `indexeddb://${NAME}`;
  const DOWNLOAD = `downloads://${NAME}`;

  async function openVisor(lab) {
    const visor = tfvis.visor();  // created once, then reused
    if (!visor.isOpen()) visor.open();
    return 'The visor is open at the side of the page. The backtick key (`) hides it ' +
      'and brings it back.';
  }

  async function loadData(lab) {
    // The digits come in a script the page loads now, gzipped; this loads and unpacks them.
    lab.data = await CnnDemos.loadTraining(lab.view.progress);
    const { train, test } = lab.data;
    const nouns = CnnDemos.dataset.nouns;
    return `Loaded ${train.count} training ${nouns} (the last ${VALIDATION} kept for ` +
      `validation) and ${test.count} held-out ${nouns} for the final test.`;
  }

  async function showExamples(lab) {
    const { train } = lab.data;
    const gallery = lab.view.part('examples');
    gallery.textContent = '';
    const shown = [];
    for (let i = 0; i < 20; i++) {
      const label = train.labels[i];
      const canvas = document.createElement('canvas');
      CnnDemos.mnist.paint(CnnDemos.digitPixels(train, i), canvas);  // 28 x 28 pixels
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', CnnDemos.aClass(label));
      const caption = document.createElement('figcaption');
      caption.textContent = CnnDemos.className(label);
      const figure = document.createElement('figure');
      figure.append(canvas, caption);
      gallery.appendChild(figure);
      shown.push(CnnDemos.className(label));
    }
    return `The first 20 training ${CnnDemos.dataset.nouns} and their labels: ${shown.join(', ')}.`;
  }

  async function buildModel(lab) {
    const model = tf.sequential();
    // Twice: slide small filters over the image, then keep the strongest answer in each 2x2.
    model.add(tf.layers.conv2d({
      inputShape: [28, 28, 1], filters: 8, kernelSize: 5, activation: 'relu' }));
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    model.add(tf.layers.conv2d({ filters: 16, kernelSize: 5, activation: 'relu' }));
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    // Then an ordinary network reads the 4 x 4 x 16 numbers left and votes for a digit.
    model.add(tf.layers.flatten());
    model.add(tf.layers.dense({ units: 64, activation: 'relu' }));
    model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
    lab.model = model;
    lab.trained = false;
    await tfvis.show.modelSummary({ name: 'Model summary', tab: 'Model' }, model);
    lab.view.modelSummary(model);  // the same table, as text on the page
    return `Built a CNN of ${model.layers.length} layers with ` +
      `${model.countParams().toLocaleString('en')} weights, all random for now.`;
  }

  async function train(lab) {
    const { trainExamples, epochs, batchSize, learningRate } = lab.settings();
    lab.model.compile({
      optimizer: tf.train.adam(learningRate),
      loss: 'categoricalCrossentropy',
      metrics: ['accuracy'],
    });
    const training = tensors(lab.data.train, 0, trainExamples);
    const checking = validation(lab.data);  // never trained on
    // Live charts in the visor: per batch (training only) and per epoch (with validation).
    const charts = tfvis.show.fitCallbacks(
      { name: 'Loss and accuracy', tab: 'Training' },
      ['loss', 'val_loss', 'acc', 'val_acc'],
      { callbacks: ['onBatchEnd', 'onEpochEnd'] });
    // Stop asks TF.js to end training once the current batch is done.
    lab.view.onStop(() => { lab.model.stopTraining = true; });
    try {
      const history = await lab.model.fit(training.xs, training.ys, {
        epochs, batchSize, shuffle: true,
        validationData: [checking.xs, checking.ys],
        yieldEvery: 'batch',  // give the page a turn between batches: it never freezes
        callbacks: [charts, lab.view.trainingLog(epochs, trainExamples, batchSize)],
      });
      lab.trained = true;
      const accuracy = history.history.val_acc || [];  // empty if stopped in epoch 1
      return lab.view.trainingDone(accuracy[accuracy.length - 1], accuracy.length);
    } finally {
      lab.view.onStop(null);
      tf.dispose([training, checking]);
    }
  }

  // Used by steps 6 and 7: the model's answer for every held-out digit.
  function classifyHeldOut(lab) {
    const { test } = lab.data;
    const { xs, ys } = tensors(test, 0, test.count);
    const predictions = tf.tidy(() => lab.model.predict(xs, { batchSize: 500 }).argMax(-1));
    const labels = tf.tidy(() => ys.argMax(-1));
    tf.dispose([xs, ys]);
    return { labels, predictions };
  }

  async function perClassAccuracy(lab) {
    const { labels, predictions } = classifyHeldOut(lab);
    const perClass = await tfvis.metrics.perClassAccuracy(labels, predictions);
    tf.dispose([labels, predictions]);
    // perClass[d] is {accuracy, count} for digit d.
    await tfvis.show.perClassAccuracy(
      { name: 'Accuracy per class', tab: 'Evaluation' }, perClass, CLASS_NAMES);
    return lab.view.perClassTable(perClass);
  }

  async function confusionMatrix(lab) {
    const { labels, predictions } = classifyHeldOut(lab);
    // matrix[true digit][predicted digit] = how many held-out digits fell there.
    const matrix = await tfvis.metrics.confusionMatrix(labels, predictions);
    tf.dispose([labels, predictions]);
    await tfvis.render.confusionMatrix(
      { name: 'Confusion matrix', tab: 'Evaluation' },
      { values: matrix, tickLabels: CLASS_NAMES });
    return lab.view.confusionTable(matrix);
  }

  async function recognizeDrawing(lab) {
    // Crop, scale and centre the drawing the way MNIST digits were prepared.
    const pixels = CnnDemos.mnist.fromCanvas(lab.view.pad);
    if (!pixels) return 'The box is empty: draw ' + CnnDemos.aNoun() + ' first.';
    const probabilities = Array.from(tf.tidy(() =>
      lab.model.predict(tf.tensor4d(pixels, [1, 28, 28, 1])).dataSync()));
    const digit = CnnDemos.argmax(probabilities);
    lab.view.prediction(pixels, probabilities);
    return `Your model reads ${CnnDemos.aClass(digit)} (${CnnDemos.percent(probabilities[digit])} sure).`;
  }

  async function saveModel(lab) {
    let result;
    try {
      result = await lab.model.save(STORE);  // the layers and weights, in IndexedDB
    } catch (err) {
      throw new Error(storageRefusal(err));
    }
    lab.saved = result.modelArtifactsInfo.dateSaved;
    return `Saved in this browser: ${result.modelArtifactsInfo.weightDataBytes.toLocaleString('en')}` +
      ' bytes of weights. Come back later and press "Load the saved model".';
  }

  async function loadModel(lab) {
    // Until a saved model has been read and checked, lab.model stays the one in use.
    let saved;
    try {
      saved = await tf.loadLayersModel(STORE);
    } catch (err) {
      const info = await savedModelInfo().catch(() => null);
      lab.saved = info && info.dateSaved;
      throw new Error(info
        ? `the saved model is damaged and cannot be read (${err.message}). Save a model again; the one in use has not changed.`
        : 'no model is saved in this browser any more (it was removed, for example when the ' +
          "site's data was cleared). Train and save a model again; the one in use has not changed.");
    }
    const fits = String(saved.inputs[0].shape) === ',28,28,1' &&
      String(saved.outputs[0].shape) === `,${CLASS_NAMES.length}`;
    if (!fits) {
      const shapes = `[${saved.inputs[0].shape.slice(1)}] in, [${saved.outputs[0].shape.slice(1)}] out`;
      saved.dispose();
      throw new Error(`the saved model was made for other data (${shapes}); this page needs ` +
        `[28,28,1] in and [${CLASS_NAMES.length}] out. The one in use has not changed.`);
    }
    if (lab.model) lab.model.dispose();
    lab.model = saved;
    lab.trained = true;
    return `Loaded the model saved on ${lab.saved.toLocaleString('en')}: ` +
      'steps 6 to 8 use it now (6 and 7 once the data is loaded).';
  }

  async function downloadModel(lab) {
    // Two files: the layers as JSON, and the weights as raw float32 numbers.
    await lab.model.save(DOWNLOAD);
    const name = DOWNLOAD.replace('downloads://', '');
    return `Your browser is saving ${name}.json and ${name}.weights.bin; ` +
      'tf.loadLayersModel can read them back (from a web server).';
  }

  /** Why the browser would not keep the model, in the reader's words. */
  function storageRefusal(err) {
    const why = err && err.name === 'QuotaExceededError'
      ? "this browser's storage for the page is full"
      : 'this browser does not let the page store it';
    return `${why} (${err && err.message || err}), so the model was not saved. Download it instead ` +
      '("Download the model files"), or clear some of the browser\'s site data. The model in use has not changed.';
  }

  /** Resolves to the saved model's info ({dateSaved, ...}), or null if none is saved. */
  async function savedModelInfo() {
    // Where the page may not use IndexedDB, TF.js lists no models rather than failing; reading
    // window.indexedDB throws there (a SecurityError) or finds nothing.
    if (!window.indexedDB) throw new Error('IndexedDB is missing');
    const models = await tf.io.listModels();
    return models[STORE] || null;
  }

  Demo.steps = {
    openVisor, loadData, showExamples, buildModel, train, classifyHeldOut,
    perClassAccuracy, confusionMatrix, recognizeDrawing, saveModel, loadModel, downloadModel,
  };
  Demo.savedModelInfo = savedModelInfo;
})(window.CnnDemos);
