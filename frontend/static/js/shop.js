// Progressive enhancement only: every form works without this file.
// The currency selector submits itself when its value changes, so its button can go.
document.documentElement.classList.add('js');
for (const select of document.querySelectorAll('select[data-autosubmit]')) {
  select.addEventListener('change', () => select.form?.requestSubmit());
}
