/* Dataset upload with a progress bar. Without JavaScript the form posts as usual.
 *
 * The file is sent with XMLHttpRequest so its upload progress events can move the bar; the
 * server answers JSON ({location} on success, {error} otherwise) because we ask for it. */
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form || !window.XMLHttpRequest || !window.FormData) { return; }
  var bar = document.getElementById("upload-progress");
  var label = document.getElementById("upload-progress-label");
  var error = document.getElementById("upload-error");
  var button = document.getElementById("upload-button");
  var maxBytes = parseInt(form.getAttribute("data-max-bytes"), 10) || 0;

  function fail(message) {
    error.textContent = message;
    error.hidden = false;
    bar.hidden = true;
    label.textContent = "";
    button.disabled = false;
  }

  function megabytes(size) { return Math.round(size / 1048576) + " MB"; }

  form.addEventListener("submit", function (event) {
    var input = form.querySelector("input[type=file]");
    var file = input && input.files && input.files[0];
    if (!file) { return; }
    event.preventDefault();
    if (maxBytes && file.size > maxBytes) {
      fail(file.name + ": the file is larger than the upload limit of " + megabytes(maxBytes) +
           " (CDNET_MAX_UPLOAD_MB); nothing was sent");
      return;
    }
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.addEventListener("progress", function (e) {
      if (!e.lengthComputable) { return; }
      bar.max = e.total;
      bar.value = e.loaded;
      label.textContent = Math.floor(100 * e.loaded / e.total) + "% uploaded";
    });
    xhr.upload.addEventListener("load", function () {
      bar.removeAttribute("value");  /* indeterminate while the server ingests */
      label.textContent = "Uploaded; checking and storing the tables…";
    });
    xhr.addEventListener("load", function () {
      var body = null;
      try { body = JSON.parse(xhr.responseText); } catch (ignored) { body = null; }
      if (xhr.status === 201 && body && body.location) {
        window.location.assign(body.location);
        return;
      }
      fail(body && body.error ? body.error : "The upload failed (HTTP " + xhr.status + ").");
    });
    xhr.addEventListener("error", function () { fail("The connection broke off during the upload."); });
    error.hidden = true;
    bar.hidden = false;
    bar.value = 0;
    button.disabled = true;
    label.textContent = "0% uploaded";
    xhr.send(new FormData(form));
  });
}());
