window.voronka = {
  submit: function (id) { document.getElementById(id).submit(); },
  // The review's player: where it is now, and a jump to a pinned moment.
  playerTime: function (id) { var p = document.getElementById(id); return p ? Math.floor(p.currentTime) : 0; },
  seek: function (id, seconds) {
    var p = document.getElementById(id);
    if (!p) return;
    p.currentTime = seconds;
    p.play();
  }
};
