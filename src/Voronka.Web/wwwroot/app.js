window.voronka = {
  submit: function (id) { document.getElementById(id).submit(); }
};
