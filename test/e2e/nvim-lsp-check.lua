-- Drives the language server from Neovim 0.7+ (vim.lsp.start_client, no plugins) and writes what a
-- user would see as JSON: diagnostics, a hover and a completion list per file.
-- Spec (JSON in $VGPU_NVIM_SPEC): { server, root, out, settings, files = [ { path, filetype,
--   hover = { needle, offset }, complete = { after, text } } ] }
local spec = vim.fn.json_decode(os.getenv('VGPU_NVIM_SPEC'))
if os.getenv('VGPU_NVIM_LOG') then vim.lsp.set_log_level('debug') end
local results = {}

local client_id = vim.lsp.start_client({
  name = 'vgpu-language-server',
  cmd = { 'node', spec.server, '--stdio' },
  root_dir = spec.root,
  settings = spec.settings,
  -- Neovim 0.7 neither announces workspace/configuration nor pushes settings by itself.
  on_init = function(c) c.notify('workspace/didChangeConfiguration', { settings = c.config.settings }) end,
})
assert(client_id, 'start_client failed')
local client = vim.lsp.get_client_by_id(client_id)

local function find_line(buf, needle)
  for i, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local col = l:find(needle, 1, true)
    if col then return i - 1, col - 1 end
  end
  return nil
end

local function markup_text(contents)
  if type(contents) == 'string' then return contents end
  if contents.value then return contents.value end
  local parts = {}
  for _, c in ipairs(contents) do table.insert(parts, type(c) == 'string' and c or c.value) end
  return table.concat(parts, '\n')
end

for _, f in ipairs(spec.files) do
  local r = { path = f.path, filetype = f.filetype, diagnostics = {}, hover = '', completion = {} }
  vim.cmd('edit ' .. vim.fn.fnameescape(f.path))
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].filetype = f.filetype -- set explicitly: Neovim 0.7 does not know .vmx
  vim.lsp.buf_attach_client(buf, client_id)
  local started = vim.loop.hrtime()
  r.diagnostics_in_time = vim.wait(15000, function() return #vim.diagnostic.get(buf) > 0 end, 20)
  r.diagnostics_ms = math.floor((vim.loop.hrtime() - started) / 1e6)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    table.insert(r.diagnostics, { code = code, line = d.lnum, col = d.col, severity = d.severity, source = d.source, message = d.message })
  end
  local uri = vim.uri_from_bufnr(buf)
  local hl, hc = find_line(buf, f.hover.needle)
  if hl then
    local resp = client.request_sync('textDocument/hover', { textDocument = { uri = uri }, position = { line = hl, character = hc + f.hover.offset } }, 10000, buf)
    if resp and resp.result and resp.result ~= vim.NIL then r.hover = markup_text(resp.result.contents) end
    if resp and resp.err then r.hover_error = vim.inspect(resp.err) end
  end
  -- Type a line as a user would, then ask for completion at its end.
  local after = f.complete.after and find_line(buf, f.complete.after) or (vim.api.nvim_buf_line_count(buf) - 1)
  vim.api.nvim_buf_set_lines(buf, after + 1, after + 1, false, { f.complete.text })
  vim.wait(400) -- Neovim debounces didChange (150 ms by default)
  local resp = client.request_sync('textDocument/completion', { textDocument = { uri = uri }, position = { line = after + 1, character = #f.complete.text } }, 10000, buf)
  if resp and resp.result and resp.result ~= vim.NIL then
    local items = resp.result.items or resp.result
    for _, it in ipairs(items) do table.insert(r.completion, it.label) end
  end
  if resp and resp.err then r.completion_error = vim.inspect(resp.err) end
  table.insert(results, r)
  vim.cmd('bwipeout!')
end

local fh = assert(io.open(spec.out, 'w'))
fh:write(vim.fn.json_encode({ nvim = vim.version(), files = results }))
fh:close()
vim.lsp.stop_client(client_id)
vim.cmd('qa!')
