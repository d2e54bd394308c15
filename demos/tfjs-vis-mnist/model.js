/* tfjs-vis-mnist: where a trained model is kept between visits (the browser's IndexedDB,
   through TF.js's own 'indexeddb://' handler), and the file names of a download. */
(function (CnnDemos) {
  'use strict';
  var NAME = 'cnn-demos-guided-mnist';

  CnnDemos.guidedModel = {
    STORE: 'indexeddb://' + NAME,
    DOWNLOAD: 'downloads://' + NAME,

    /** Resolves to the saved model's info ({dateSaved, ...}) or null if none is saved. */
    savedInfo: function () {
      return tf.io.listModels().then(function (models) {
        return models[CnnDemos.guidedModel.STORE] || null;
      });
    },

    /** The index of the largest value. */
    best: function (values) {
      var top = 0;
      for (var i = 1; i < values.length; i++) if (values[i] > values[top]) top = i;
      return top;
    }
  };
})(window.CnnDemos);
