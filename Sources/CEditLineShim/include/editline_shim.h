// Non-variadic wrappers around libedit's el_set/history (Swift cannot call C variadics),
// a prompt held in C memory, and a SIGINT flag for interrupting input and queries.
#ifndef FINSAM_EDITLINE_SHIM_H
#define FINSAM_EDITLINE_SHIM_H

#include <histedit.h>

EditLine *fs_el_open(const char *program);
void fs_el_close(EditLine *el);
void fs_el_set_prompt_text(const char *text);
void fs_el_set_clientdata(EditLine *el, void *data);
void *fs_el_get_clientdata(EditLine *el);
void fs_el_add_function(EditLine *el, const char *name, const char *help, unsigned char (*fn)(EditLine *, int));
void fs_el_bind(EditLine *el, const char *key, const char *function);
const char *fs_el_gets(EditLine *el, int *count);
/// The text before the cursor and after it, copied into caller buffers.
int fs_el_line(EditLine *el, char *before, int before_size, char *after, int after_size);

History *fs_history_open(int size);
void fs_history_close(History *h);
void fs_history_enter(History *h, const char *line);
int fs_history_load(History *h, const char *path);
int fs_history_save(History *h, const char *path);
void fs_el_set_history(EditLine *el, History *h);

/// SIGINT sets a flag instead of ending the process (installed without SA_RESTART, so a
/// blocked read returns and el_gets gives up its line).
void fs_sigint_install(void);
int fs_sigint_take(void);
int fs_sigint_pending(void);

#endif
