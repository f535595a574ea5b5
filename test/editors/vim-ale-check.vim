" Headless Vim 9 + ALE (Debian vim-ale) drives cascade-language-server.
" env: CASCADE_SERVER, CASCADE_OUT, CASCADE_HOVER_LINE/CHAR (0-based)
" Usage (Ex mode is required: normal mode with stdin=/dev/null exits at once):
"   vim -N -es -u vim-ale-check.vim -i NONE -n FILE -c 'call CascadeRun()' </dev/null
let s:server = $CASCADE_SERVER
let s:out = $CASCADE_OUT
filetype on
let g:ale_linters_explicit = 1
let g:ale_lint_on_enter = 1
let g:ale_linters = {'yaml': ['cascade']}
packadd ale
call ale#linter#Define('yaml', {
\ 'name': 'cascade', 'lsp': 'stdio', 'executable': 'node',
\ 'command': 'node ' . s:server . ' --stdio',
\ 'project_root': {b -> fnamemodify(bufname(b), ':p:h')},
\})
let s:lines = ['vim ' . v:version . ' ale']
let s:hover = ''
function! s:OnHover(resp) abort
  let l:c = get(get(a:resp, 'result', {}), 'contents', {})
  let s:hover = type(l:c) == v:t_dict ? get(l:c, 'value', '') : string(l:c)
endfunction
function! s:Finish(code) abort
  call writefile(s:lines, s:out)
  execute a:code == 0 ? 'qall!' : 'cquit! ' . a:code
endfunction
function! CascadeRun() abort
  let l:buf = bufnr('%')
  ALELint
  let l:n = 0
  while l:n < 300 && empty(get(get(g:ale_buffer_info, l:buf, {}), 'loclist', []))
    sleep 50m | let l:n += 1
  endwhile
  for l:d in get(get(g:ale_buffer_info, l:buf, {}), 'loclist', [])
    call add(s:lines, printf('diagnostic line=%d col=%d type=%s code=%s msg=%s', l:d.lnum, l:d.col, l:d.type, get(l:d, 'code', ''), substitute(l:d.text, '\n', ' ', 'g')))
  endfor
  if len(s:lines) == 1 | call add(s:lines, 'NO DIAGNOSTICS') | return s:Finish(2) | endif
  " ALE takes 1-based line and column.
  call ale#lsp_linter#SendRequest(l:buf, 'cascade', ale#lsp#message#Hover(l:buf, str2nr($CASCADE_HOVER_LINE) + 1, str2nr($CASCADE_HOVER_CHAR) + 1), function('s:OnHover'))
  let l:n = 0
  while l:n < 200 && empty(s:hover) | sleep 50m | let l:n += 1 | endwhile
  if empty(s:hover) | call add(s:lines, 'NO HOVER') | return s:Finish(3) | endif
  call add(s:lines, 'hover ' . substitute(s:hover, '\n', ' | ', 'g'))
  call s:Finish(0)
endfunction
