/* The hiring board: drag a card to another column (Sortable.js), or use the small "Move" form on
 * each card (htmx). Both POST to the card's move URL with the version the card was rendered with
 * and the target stage. The server answers with the card's HTML as it is now, so the card lands
 * where the server says it is: in its new column after a move, or where someone else put it
 * (409) or where it was (400), with the server's message.
 *
 * Without JavaScript (or without htmx) the Move forms post normally and the page reloads.
 */
(function () {
  "use strict";

  var board = document.getElementById("board");
  if (!board || !window.htmx) {
    return;
  }
  var statusBox = document.getElementById("board-status");
  var reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function isMoveForm(element) {
    return (
      element instanceof HTMLFormElement &&
      element.classList.contains("move-form") &&
      board.contains(element)
    );
  }

  function columnFor(stageId) {
    return board.querySelector('.board-cards[data-stage="' + CSS.escape(String(stageId)) + '"]');
  }

  // The server's order: best match first (no score last), then who applied first.
  function comesBefore(a, b) {
    var scoreA = Number(a.dataset.score), scoreB = Number(b.dataset.score);
    if (scoreA !== scoreB) {
      return scoreA > scoreB;
    }
    var appliedA = Number(a.dataset.applied), appliedB = Number(b.dataset.applied);
    if (appliedA !== appliedB) {
      return appliedA < appliedB;
    }
    return Number(a.dataset.application) < Number(b.dataset.application);
  }

  function placeSorted(card, list) {
    var next = null;
    var cards = list.querySelectorAll(":scope > .board-card");
    for (var i = 0; i < cards.length; i++) {
      if (cards[i] !== card && comesBefore(card, cards[i])) {
        next = cards[i];
        break;
      }
    }
    list.insertBefore(card, next);
  }

  function updateCounts() {
    var total = 0;
    board.querySelectorAll(".board-column").forEach(function (column) {
      var count = column.querySelectorAll(".board-card").length;
      total += count;
      var label = column.querySelector("[data-count]");
      if (label) {
        label.textContent = String(count);
      }
    });
    var totalLabel = document.querySelector("[data-board-total]");
    if (totalLabel) {
      totalLabel.textContent = String(total);
    }
  }

  function announce(text, kind, offerReload) {
    var paragraph = document.createElement("p");
    paragraph.textContent = text;
    statusBox.replaceChildren(paragraph);
    statusBox.className = "board-status is-" + kind;
    if (offerReload) {
      var reload = document.createElement("a");
      reload.href = window.location.pathname;
      reload.className = "button small secondary";
      reload.textContent = "Reload the board";
      statusBox.appendChild(reload);
    }
  }

  function startSaving(card, via) {
    card.dataset.via = via;
    card.classList.add("is-saving");
    card.setAttribute("aria-busy", "true");
  }

  // Put the server's answer on the board in place of `card`.
  function settle(card, status, html) {
    var via = card.dataset.via;
    var known = status === 200 || status === 400 || status === 409;
    if (!known) {
      // No card came back (no permission, a server error, no connection): put it back.
      card.classList.remove("is-saving");
      card.removeAttribute("aria-busy");
      delete card.dataset.via;
      var home = columnFor(card.dataset.stage);
      if (home) {
        placeSorted(card, home);
      }
      announce(
        status
          ? "The card could not be moved (the server answered " + status + "). " +
            "Reload the board and try again."
          : "The card could not be moved: the server could not be reached. Try again.",
        "error",
        Boolean(status)
      );
      updateCounts();
      return;
    }
    var template = document.createElement("template");
    template.innerHTML = html;
    var fresh = template.content.querySelector(".board-card");
    var answer = fresh || template.content.querySelector(".board-gone");
    var message = answer ? answer.dataset.message || "" : "";
    var list = fresh ? columnFor(fresh.dataset.stage) : null;
    card.remove();
    if (fresh && list) {
      fresh.removeAttribute("data-message");
      placeSorted(fresh, list);
      htmx.process(fresh);
      fresh.classList.add("is-updated");
      if (via === "form") {
        var link = fresh.querySelector(".board-card-name");
        if (link) {
          link.focus();
        }
      } else if (status !== 200) {
        // It may have landed in a column out of view: show where it is now.
        fresh.scrollIntoView({
          behavior: reducedMotion ? "auto" : "smooth", block: "nearest", inline: "nearest",
        });
      }
    }
    announce(message, status === 200 ? "success" : "error", status === 409 || (fresh && !list));
    updateCounts();
  }

  document.body.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (isMoveForm(form)) {
      var card = form.closest(".board-card");
      startSaving(card, card.dataset.via || "form");
    }
  });

  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var form = event.detail.elt;
    if (!isMoveForm(form)) {
      return;
    }
    // 409 and 400 carry the card as it really is: not an error to htmx, and never swapped by
    // it; settle() places the card.
    event.detail.shouldSwap = false;
    event.detail.isError = false;
    settle(form.closest(".board-card"), event.detail.xhr.status, event.detail.serverResponse);
  });

  document.body.addEventListener("htmx:sendError", function (event) {
    var form = event.detail.elt;
    if (isMoveForm(form) && form.isConnected) {
      settle(form.closest(".board-card"), 0, "");
    }
  });

  function onDrop(event) {
    var card = event.item;
    if (event.to === event.from) {
      placeSorted(card, event.from); // the order within a column is the server's, not manual
      return;
    }
    var form = card.querySelector("form.move-form");
    startSaving(card, "drag");
    htmx.ajax("POST", form.getAttribute("action"), {
      source: form,
      values: { stage: event.to.dataset.stage, version: card.dataset.version },
      swap: "none",
    });
  }

  if (window.Sortable) {
    board.classList.add("is-draggable");
    board.querySelectorAll(".board-cards").forEach(function (list) {
      window.Sortable.create(list, {
        group: "board",
        draggable: ".board-card.is-movable",
        filter: ".card-move, .is-saving",
        preventOnFilter: false,
        animation: reducedMotion ? 0 : 150,
        delay: 200,
        delayOnTouchOnly: true,
        ghostClass: "is-ghost",
        chosenClass: "is-chosen",
        dragClass: "is-dragging",
        onEnd: onDrop,
      });
    });
  }
})();
