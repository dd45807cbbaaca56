#include "editline_shim.h"
#include <signal.h>
#include <stdio.h>
#include <string.h>

static char prompt_text[512] = "finsam> ";

static char *prompt_function(EditLine *el) {
    (void)el;
    return prompt_text;
}

EditLine *fs_el_open(const char *program) {
    EditLine *el = el_init(program, stdin, stdout, stderr);
    if (!el) return NULL;
    el_set(el, EL_EDITOR, "emacs");
    el_set(el, EL_PROMPT, prompt_function);
    el_set(el, EL_SIGNAL, 1);
    // Reverse incremental search, as in bash.
    el_set(el, EL_BIND, "^R", "em-inc-search-prev", NULL);
    el_source(el, NULL);
    return el;
}

void fs_el_close(EditLine *el) { el_end(el); }

void fs_el_set_prompt_text(const char *text) {
    strncpy(prompt_text, text, sizeof(prompt_text) - 1);
    prompt_text[sizeof(prompt_text) - 1] = '\0';
}

void fs_el_set_clientdata(EditLine *el, void *data) { el_set(el, EL_CLIENTDATA, data); }

void *fs_el_get_clientdata(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return data;
}

void fs_el_add_function(EditLine *el, const char *name, const char *help, unsigned char (*fn)(EditLine *, int)) {
    el_set(el, EL_ADDFN, name, help, fn);
}

void fs_el_bind(EditLine *el, const char *key, const char *function) { el_set(el, EL_BIND, key, function, NULL); }

const char *fs_el_gets(EditLine *el, int *count) { return el_gets(el, count); }

int fs_el_line(EditLine *el, char *before, int before_size, char *after, int after_size) {
    const LineInfo *info = el_line(el);
    int n = (int)(info->cursor - info->buffer);
    int m = (int)(info->lastchar - info->cursor);
    if (n >= before_size || m >= after_size) return -1;
    memcpy(before, info->buffer, n);
    before[n] = '\0';
    memcpy(after, info->cursor, m);
    after[m] = '\0';
    return n;
}

History *fs_history_open(int size) {
    HistEvent event;
    History *h = history_init();
    if (!h) return NULL;
    history(h, &event, H_SETSIZE, size);
    history(h, &event, H_SETUNIQUE, 1);
    return h;
}

void fs_history_close(History *h) { history_end(h); }

void fs_history_enter(History *h, const char *line) {
    HistEvent event;
    history(h, &event, H_ENTER, line);
}

int fs_history_load(History *h, const char *path) {
    HistEvent event;
    return history(h, &event, H_LOAD, path);
}

int fs_history_save(History *h, const char *path) {
    HistEvent event;
    return history(h, &event, H_SAVE, path);
}

void fs_el_set_history(EditLine *el, History *h) { el_set(el, EL_HIST, history, h); }

static volatile sig_atomic_t sigint_seen = 0;

static void on_sigint(int signal) {
    (void)signal;
    sigint_seen = 1;
}

void fs_sigint_install(void) {
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = on_sigint;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;  // no SA_RESTART: a blocked read returns EINTR
    sigaction(SIGINT, &action, NULL);
}

int fs_sigint_take(void) {
    int seen = sigint_seen;
    sigint_seen = 0;
    return seen;
}

int fs_sigint_pending(void) { return sigint_seen; }
